/**
 * Payment's releases, by the version a process starts as (SERVICE_VERSION). Two can run side by
 * side, a stable one and a canary: what differs between them is code chosen here at start, never
 * a fault rule.
 */
export type FraudModel = 'checksum' | 'velocity';

export interface PaymentRelease {
  /** The fraud model the release scores every charge with. */
  fraudModel: FraudModel;
  /** What changed in it, as its release note says. */
  note: string;
}

export const PAYMENT_RELEASES = {
  '0.1.0': {
    fraudModel: 'checksum',
    note: 'The checksum fraud model: one chain of sha256 rounds over the order and card features.',
  },
  '0.2.0': {
    fraudModel: 'velocity',
    note: 'The velocity fraud model: the checksum chain run over a window of 32 recent periods, each a 16 KiB feature vector of its own (32 times the hashing, half a MiB allocated a charge).',
  },
} as const satisfies Record<string, PaymentRelease>;

export type PaymentVersion = keyof typeof PAYMENT_RELEASES;

/** The working tree's version when SERVICE_VERSION is not set: it runs as the stable release. */
export const DEV_VERSION = 'dev';
export const STABLE_VERSION: PaymentVersion = '0.1.0';

export const PAYMENT_VERSIONS = [DEV_VERSION, ...Object.keys(PAYMENT_RELEASES)] as [
  string,
  ...string[],
];

/** The release a version runs: `dev` runs the stable one. */
export const releaseOf = (version: string): PaymentRelease =>
  version in PAYMENT_RELEASES
    ? PAYMENT_RELEASES[version as PaymentVersion]
    : PAYMENT_RELEASES[STABLE_VERSION];
