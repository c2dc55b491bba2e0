/**
 * Types for `sns-validator` 0.3.x (AWS's aws-js-sns-message-validator), which ships none. Only what
 * its index.js really does is declared here: a constructor and one callback method.
 */
declare module 'sns-validator' {
  /** The message as the validator hands it back: the parsed JSON, unchanged apart from Lambda key aliases. */
  type ValidatedSnsHash = Record<string, unknown>;

  class MessageValidator {
    /**
     * @param hostPattern tested against `url.parse(SigningCertURL).host`, i.e. host[:port]
     *   (default `/^sns\.[a-zA-Z0-9\-]{3,}\.amazonaws\.com(\.cn)?$/`).
     * @param encoding encoding of the signed string (default 'utf8').
     */
    constructor(hostPattern?: RegExp, encoding?: BufferEncoding);
    hostPattern: RegExp;
    encoding: BufferEncoding;
    /**
     * Parses `hash` when it is a string, checks its keys and SigningCertURL, fetches the certificate
     * (https.get on the global agent, no time limit, cached per URL for the life of the process) and
     * verifies the signature. Calls back exactly once, unless the certificate request never ends.
     */
    validate(hash: string | Record<string, unknown>, cb: (error: Error | null, message?: ValidatedSnsHash) => void): void;
  }

  export = MessageValidator;
}
