/**
 * What the key operations answer. The create and roll responses are the only values that ever
 * carry a secret: show it once, then let it go.
 */
import type { FieldError } from './errors.ts';
import type { BulkAction } from './lifecycle.ts';

/** The one response that carries a secret. Show it, then let it go. */
export interface CreatedKey {
  readonly api_key: string;
  readonly api_key_id: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** Only present when the key expires: SendGrid's shape stays as it was for keys that don't. */
  readonly expires_at?: string;
}

/** The roll response: the new secret, shown once, and when the replaced one stops working. */
export interface RolledKey extends CreatedKey {
  readonly secret_id: string;
  readonly previous_secret_id: string | null;
  readonly previous_secret_retires_at: string;
}

/** A rolled key whose previous secret still works, and when that secret stops working. */
export interface GraceRow {
  readonly api_key_id: string;
  readonly retires_at: string;
}

/** A secret the key accepts, current first. */
export interface SecretInfo {
  readonly secret_id: string;
  readonly retires_at: string | null;
  readonly state: 'current' | 'in_grace' | 'retired';
}

export interface BulkKeyResult {
  readonly api_key_id: string;
  /** False marks the keys that made the batch fail. */
  readonly ok: boolean;
  /** Whether this key changed: false when the batch was refused, or when it already was so (e.g. already disabled). */
  readonly changed: boolean;
  readonly error?: FieldError;
}

/**
 * All or nothing, as SendGrid's own calls are: when any key cannot be changed, nothing is, and
 * `applied` is false; the results then name the bad keys (ok: false, with the reason), so a UI can
 * mark them and retry with the rest.
 */
export interface BulkOutcome {
  readonly action: BulkAction;
  readonly applied: boolean;
  /** One per distinct requested ID, in the order first requested. */
  readonly results: readonly BulkKeyResult[];
}
