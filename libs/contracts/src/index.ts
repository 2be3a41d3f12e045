export { passesLuhn } from './luhn';
export { required } from './field-error';
export {
  cardNumberSchema,
  chargeCardSchema,
  checkoutCardSchema,
  cvvSchema,
  EXPIRY,
  expirySchema,
  isExpired,
  normaliseCardNumber,
} from './card';
export type { ChargeCard, CheckoutCard } from './card';
export {
  chargeAmountSchema,
  CURRENCY,
  currencySchema,
  MAX_CHARGE_MINOR,
  moneySchema,
} from './money';
export type { Money } from './money';
export { IDEMPOTENCY_KEY, idempotencyHeaderSchema, idempotencyKeySchema } from './idempotency-key';
export { problemSchema } from './problem';
export type { Problem } from './problem';
export {
  ORDER_ID,
  orderIdSchema,
  PRODUCT_ID,
  productIdSchema,
  SKU,
  skuSchema,
} from './identifiers';
export { productListSchema, productSchema } from './catalog';
export type { Product, ProductList } from './catalog';
export {
  commitAnswerSchema,
  insufficientStockProblemSchema,
  MAX_RESERVATION_ITEMS,
  MAX_RESERVATION_QUANTITY,
  MAX_RESERVATION_TTL_SECONDS,
  MAX_STOCK,
  releaseAnswerSchema,
  RESERVATION_STATUSES,
  reservationRequestSchema,
  reservationSchema,
  setStockRequestSchema,
  stockLevelSchema,
  stockListSchema,
  unknownSkuProblemSchema,
} from './inventory';
export type {
  ParsedReservationRequest,
  ReservationAnswer,
  ReservationRequest,
  StockLevel,
} from './inventory';
export {
  CARD_BRANDS,
  capturedPaymentSchema,
  chargeRequestSchema,
  DECLINE_CODES,
  PAYMENT_STATUSES,
  paymentAnswerSchema,
  paymentDeclinedProblemSchema,
  paymentInProgressProblemSchema,
  refundedPaymentSchema,
} from './payment';
export type {
  CardBrand,
  ChargeRequest,
  DeclineCode,
  ParsedChargeRequest,
  PaymentStatus,
  PaymentView,
} from './payment';
export {
  checkoutRequestSchema,
  MAX_CHECKOUT_ITEMS,
  MAX_CHECKOUT_QUANTITY,
  ORDER_STATUSES,
  orderAnswerSchema,
  orderLineSchema,
} from './order';
export type {
  CheckoutRequest,
  OrderAnswer,
  OrderLine,
  OrderStatus,
  ParsedCheckoutRequest,
} from './order';
export { parseAnswer, WireContractError } from './parse-answer';
export { SYNTHETIC_CUSTOMER_ID, SYNTHETIC_PRODUCT_ID } from './synthetic';
export { resetReportSchema, tableResetSchema } from './admin';
export type { ResetReport, TableReset } from './admin';
export {
  controlResetAnswerSchema,
  controlResetRequestSchema,
  controlStacksAnswerSchema,
  RESET_ACTIONS,
  resetStepSchema,
} from './control';
export type {
  ControlResetAnswer,
  ControlResetRequest,
  ControlStacksAnswer,
  ResetStepView,
} from './control';
