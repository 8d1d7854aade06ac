/** What the overlay shows of a viewport's current state. */
export interface ViewState {
  imageIndex: number;
  imageCount: number;
  windowWidth: number | null;
  windowCenter: number | null;
  zoom: number | null;
  invert: boolean;
}
