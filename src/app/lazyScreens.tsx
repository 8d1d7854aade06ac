/**
 * The screens that most sessions never open, loaded when first shown rather than with the start screen: the
 * reformats (Cornerstone's volume rendering), the PACS browser and the teaching panels. Each shows nothing
 * until its code has arrived (a few ms from the app's own server).
 */
import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

function lazyScreen<C extends ComponentType<any>>(load: () => Promise<C>) {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function Screen(props: ComponentProps<C>) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const MprLayout = lazyScreen(() => import('./MprLayout').then((m) => m.MprLayout));
export const PacsView = lazyScreen(() => import('./PacsView').then((m) => m.PacsView));
export const TeachingView = lazyScreen(() => import('./TeachingView').then((m) => m.TeachingView));
export const TeacherPackView = lazyScreen(() => import('./TeacherPackView').then((m) => m.TeacherPackView));
