/** The small part of cornerstone-core 2.x (no bundled typings) that the viewer uses. */
declare module 'cornerstone-core' {
  export interface CornerstoneImage {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData: () => ArrayLike<number>;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    columnPixelSpacing: number;
    rowPixelSpacing: number;
    invert: boolean;
    sizeInBytes: number;
  }
  export interface Viewport {
    voi: { windowWidth: number; windowCenter: number };
    scale: number;
    [key: string]: unknown;
  }
  export function enable(element: HTMLElement): void;
  export function disable(element: HTMLElement): void;
  export function resize(element: HTMLElement, fitToWindow?: boolean): void;
  export function displayImage(element: HTMLElement, image: CornerstoneImage, viewport?: Partial<Viewport>): void;
  export function loadImage(imageId: string): Promise<CornerstoneImage>;
  export function registerImageLoader(
    scheme: string,
    loader: (imageId: string) => { promise: Promise<CornerstoneImage> },
  ): void;
  export function getViewport(element: HTMLElement): Viewport | undefined;
  export function setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
  export function getEnabledElement(element: HTMLElement): unknown;
}
