/** A product as the API shows it (price in minor units of its currency): the wire contract. */
export type { Product } from '@faultline/contracts';
