/** Whether the checkout at `root` has a dist/ newer than every file under its src/. */
export function distIsFresh(root: string): boolean;
