// Who Vigil says it is in every alert format: ECS `observer.*`, OCSF `metadata.product`, the CEF header.
export const VIGIL_VENDOR = 'Vigil';
export const VIGIL_PRODUCT = 'Vigil';

/** The release reported unless the caller passes its own; a test keeps it equal to the root package.json. */
export const VIGIL_VERSION = '0.1.0';

export interface EncodeOptions {
  /** Version written into the product fields (default: this release). */
  productVersion?: string;
}

export function productVersion(options: EncodeOptions | undefined): string {
  return options?.productVersion ?? VIGIL_VERSION;
}
