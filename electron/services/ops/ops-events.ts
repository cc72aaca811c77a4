/** What operations tell the operator about (by email, webhook or desktop notification); the types live in shared/. */
export { OPS_EVENT_KINDS, type OpsEvent, type OpsEventKind } from '../../../shared/operations.ts';
