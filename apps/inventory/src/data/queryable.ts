import type { PoolClient } from '@faultline/postgres';

/** A pool or a client inside a transaction: repositories run their SQL on either. */
export type Queryable = Pick<PoolClient, 'query'>;
