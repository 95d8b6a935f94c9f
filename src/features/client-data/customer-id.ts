/**
 * policy: P4.4, P2.1 — what a survey link's `customer` parameter (and a CSV's customer_id) may be:
 * the Client's own id of its customer, nothing longer or stranger. Anything else is dropped.
 */
export const CUSTOMER_ID = /^[A-Za-z0-9._-]{1,64}$/;
