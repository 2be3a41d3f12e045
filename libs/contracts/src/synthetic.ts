/**
 * The customer id of the watcher's synthetic checkout (apps/watcher). Order labels the checkouts
 * and revenue of this customer `traffic="synthetic"`, every other `traffic="customer"`, so the
 * business dashboards can leave the watcher's orders out while the checkout SLO counts them.
 */
export const SYNTHETIC_CUSTOMER_ID = 'synthetic-checkout';

/**
 * The product the synthetic checkout buys: "Synthetic check item", SKU `FL-SYNTHETIC`, seeded by
 * catalog (sold by id but left out of `GET /products`, so shoppers never pick it) and by inventory
 * with stock that a check every few seconds would take centuries to use up.
 */
export const SYNTHETIC_PRODUCT_ID = 'prd_synthetic';
