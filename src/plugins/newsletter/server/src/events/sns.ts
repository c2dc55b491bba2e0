import { parse as parseLegacyUrl } from 'node:url';
import MessageValidator from 'sns-validator';

/**
 * Amazon SNS message verification (SES bounce and complaint notifications arrive through SNS).
 *
 * The cryptography and the signing-string rules are AWS's own `sns-validator` (0.3.x). This module
 * adds what the app needs around it: typed messages, a failure `reason` the controller can map to a
 * status, the URL checks done *before* any network request, and a time limit on the certificate
 * fetch, which the library does not have.
 *
 * Things to know about sns-validator 0.3.5 (read from its index.js):
 * - the host pattern is tested against `url.parse(SigningCertURL).host`, i.e. host[:port]; a port in
 *   the URL must therefore be allowed by the pattern (tests use `^127\.0\.0\.1:\d+$`);
 * - the certificate is fetched with `https.get` on the global agent, with no time limit, and cached
 *   per URL for the life of the process (never expired, never evicted); only the public key of that
 *   PEM is used: its chain is not checked, trust comes from TLS to an SNS host;
 * - UnsubscribeConfirmation messages are verified with the Notification key list, which leaves out
 *   `Token`, so a genuine UnsubscribeConfirmation fails with reason 'signature'. The app does not need
 *   them (SNS sends one after an unsubscribe, for information only).
 */

export interface SnsMessage {
  Type: 'SubscriptionConfirmation' | 'Notification' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SubscribeURL?: string;
  Token?: string;
  Subject?: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

/** Why a message was refused: not an SNS message at all, a certificate from an untrusted place, or a signature that does not hold. */
export type SnsFailureReason = 'malformed' | 'certificate-url' | 'signature';

/**
 * Regex source (anchored) accepting `sns.<region>.amazonaws.com` and `sns.<region>.amazonaws.com.cn`,
 * the library's own default. No port is allowed, since the library tests host[:port].
 */
export const DEFAULT_SNS_HOST_PATTERN = '^sns\\.[a-zA-Z0-9-]{3,}\\.amazonaws\\.com(\\.cn)?$';

/** How long the signing certificate may take to arrive; SNS itself gives up on an endpoint after 15 s. */
export const DEFAULT_SNS_CERTIFICATE_TIMEOUT_MS = 5_000;

const MESSAGE_TYPES: readonly SnsMessage['Type'][] = ['SubscriptionConfirmation', 'Notification', 'UnsubscribeConfirmation'];
const REQUIRED_KEYS = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'] as const;
const SUBSCRIPTION_KEYS = ['SubscribeURL', 'Token'] as const;
const SIGNATURE_VERSIONS = ['1', '2'];

/** sns-validator's error texts (0.3.5), used to tell its failures apart. */
const LIBRARY_ERRORS = {
  signature: 'The message signature is invalid.',
  certificateUrl: 'The certificate is located on an invalid domain.',
  missingKeys: 'Message missing required keys.',
  notRetrieved: 'Certificate could not be retrieved',
};

/**
 * A refused SNS message. Its text names fields, never their values: no signature, token or
 * SubscribeURL ends up in a log.
 */
export class SnsVerificationError extends Error {
  readonly reason: SnsFailureReason;
  /**
   * True when the certificate could not be fetched (network, TLS, status, time limit): the message may
   * be genuine, so a caller may answer 5xx to have SNS deliver it again.
   */
  readonly retryable: boolean;

  constructor(reason: SnsFailureReason, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SnsVerificationError';
    this.reason = reason;
    this.retryable = options.retryable ?? false;
  }
}

/**
 * The pattern, wrapped so it must match the whole host[:port] even when the configured source forgot
 * `^` or `$` (`sns\.amazonaws\.com` would otherwise match `sns.amazonaws.com.evil.example`).
 * Throws a TypeError on an invalid source: that is a configuration error, not a refused message.
 */
const hostRegExp = (hostPattern: string): RegExp => {
  try {
    return new RegExp(`^(?:${hostPattern})$`);
  } catch {
    throw new TypeError('The SNS host pattern is not a valid regular expression');
  }
};

/**
 * Whether `url` is https on a matching host, read the way both parsers read it: WHATWG (what
 * https.get fetches) and legacy `url.parse` (what sns-validator checks). Requiring both closes
 * parser-differential tricks. User info is refused: SNS never sends it.
 */
const isAllowedUrl = (url: unknown, hostRe: RegExp, mustBePem: boolean): boolean => {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  if (!hostRe.test(parsed.host) || (mustBePem && !parsed.pathname.endsWith('.pem'))) return false;
  const legacy = parseLegacyUrl(url);
  return (
    legacy.protocol === 'https:' &&
    typeof legacy.host === 'string' &&
    hostRe.test(legacy.host) &&
    (!mustBePem || (legacy.path ?? '').endsWith('.pem'))
  );
};

/** True when a URL (e.g. SubscribeURL) is https and its host[:port] matches the pattern — the app only GETs SubscribeURL after this check. */
export function isTrustedSnsUrl(url: string, hostPattern: string): boolean {
  return isAllowedUrl(url, hostRegExp(hostPattern), false);
}

const malformed = (why: string) => new SnsVerificationError('malformed', `Not an SNS message: ${why}`);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseJson = (rawBody: string): unknown => {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw malformed('the body is not JSON');
  }
};

/**
 * The message with only SNS's own keys, each a string. Building a fresh object matters: the library
 * signs every listed key that is *present*, and it would let Lambda-style aliases (`SigningCertUrl`)
 * override the URL checked here.
 */
const readMessage = (rawBody: string): SnsMessage => {
  const parsed = parseJson(rawBody);
  if (!isRecord(parsed)) throw malformed('the body is not a JSON object');
  const type = parsed.Type;
  if (!MESSAGE_TYPES.includes(type as SnsMessage['Type'])) throw malformed('unknown Type');
  const keys = type === 'Notification' ? REQUIRED_KEYS : [...REQUIRED_KEYS, ...SUBSCRIPTION_KEYS];
  const missing = keys.filter((key) => typeof parsed[key] !== 'string');
  if (missing.length > 0) throw malformed(`missing or non-text ${missing.join(', ')}`);
  if (!SIGNATURE_VERSIONS.includes(parsed.SignatureVersion as string)) throw malformed('unsupported SignatureVersion');
  if (parsed.Subject !== undefined && parsed.Subject !== null && typeof parsed.Subject !== 'string') throw malformed('non-text Subject');
  const message = Object.fromEntries(keys.map((key) => [key, parsed[key]])) as unknown as SnsMessage;
  if (typeof parsed.Subject === 'string') message.Subject = parsed.Subject;
  if (type === 'Notification' && typeof parsed.SubscribeURL === 'string') message.SubscribeURL = parsed.SubscribeURL;
  return message;
};

/** Turns a library error into a reason; unknown errors count as a signature that could not be verified. */
const classify = (error: Error): SnsVerificationError => {
  const code = (error as NodeJS.ErrnoException).code;
  if (error.message === LIBRARY_ERRORS.signature) return new SnsVerificationError('signature', 'The SNS message signature does not verify');
  if (error.message === LIBRARY_ERRORS.certificateUrl) return new SnsVerificationError('certificate-url', 'The SNS signing certificate URL is not trusted');
  if (error.message === LIBRARY_ERRORS.missingKeys) return malformed('missing keys');
  if (typeof code === 'string' && code.startsWith('ERR_OSSL')) {
    return new SnsVerificationError('signature', 'The SNS signing certificate could not be read', { cause: error });
  }
  const detail = typeof code === 'string' ? ` (${code})` : error.message === LIBRARY_ERRORS.notRetrieved ? ' (status not 200)' : '';
  return new SnsVerificationError('signature', `The SNS signing certificate could not be fetched${detail}`, { retryable: true, cause: error });
};

/**
 * Runs the library with a time limit. The library offers no way to abort its request, so a late
 * certificate still lands in its cache; only our answer stops waiting.
 */
const validateWithLibrary = (message: SnsMessage, hostRe: RegExp, timeoutMs: number) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new SnsVerificationError('signature', 'The SNS signing certificate could not be fetched in time', { retryable: true }));
    }, timeoutMs);
    timer.unref();
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      if (error) reject(classify(error));
      else resolve();
    };
    try {
      new MessageValidator(hostRe).validate({ ...message }, settle);
    } catch (error) {
      settle(error instanceof Error ? error : new Error(String(error)));
    }
  });

/**
 * Parses the raw body (JSON text) and verifies the signature against the certificate fetched from
 * SigningCertURL, which must be https, end in .pem and have a host[:port] matching hostPattern (a
 * regex source string, anchored by this function). Resolves the message, or rejects with
 * SnsVerificationError whose `reason` is 'malformed' | 'certificate-url' | 'signature'; 'malformed'
 * and 'certificate-url' are decided before any network request. Rejects with a TypeError when
 * hostPattern is not a regular expression. Never includes the signature or tokens in error messages.
 */
export async function verifySnsMessage(
  rawBody: string,
  hostPattern: string,
  options: { timeoutMs?: number } = {},
): Promise<SnsMessage> {
  const hostRe = hostRegExp(hostPattern);
  const message = readMessage(rawBody);
  if (!isAllowedUrl(message.SigningCertURL, hostRe, true)) {
    throw new SnsVerificationError('certificate-url', 'The SNS signing certificate URL is not trusted (https, a .pem file, a host matching the pattern)');
  }
  await validateWithLibrary(message, hostRe, options.timeoutMs ?? DEFAULT_SNS_CERTIFICATE_TIMEOUT_MS);
  return message;
}
