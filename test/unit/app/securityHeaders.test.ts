import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../scripts/securityHeaders';

describe("the README's nginx example", () => {
  it('sends the same security headers as vite preview', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(/add_header Content-Security-Policy "([^"]+)" always;/.exec(readme)?.[1]).toBe(CONTENT_SECURITY_POLICY);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (name !== 'Content-Security-Policy') expect(readme).toContain(`add_header ${name} ${value} always;`);
  });
});
