import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

/**
 * Connection to an S3 (or S3-compatible) store, shared by the public media bucket and the private
 * bucket of broadcast masters. Checksums are sent only when S3 requires them: newer AWS SDKs add
 * CRC32 trailers by default, which many S3-compatible stores refuse.
 */
export const s3ClientOptions = (env: Env) => {
  const accessKeyId = env('S3_ACCESS_KEY_ID');
  return {
    region: env('S3_REGION', 'us-east-1'),
    endpoint: env('S3_ENDPOINT') || undefined,
    forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', Boolean(env('S3_ENDPOINT'))),
    credentials: accessKeyId ? { accessKeyId, secretAccessKey: env('S3_SECRET_ACCESS_KEY', '') } : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
  };
};

/** Upload plugin config: `aws-s3` when S3_BUCKET is set, the local `public/uploads` otherwise. */
export const uploadConfig = (env: Env) => {
  const bucket = env('S3_BUCKET');
  if (!bucket) return { provider: 'local' };
  return {
    provider: 'aws-s3',
    providerOptions: {
      baseUrl: env('S3_PUBLIC_URL') || undefined,
      rootPath: env('S3_ROOT_PATH') || undefined,
      s3Options: {
        ...s3ClientOptions(env),
        // ACL present but undefined: the provider then sends no ACL header (buckets with ACLs
        // disabled refuse one). Set S3_ACL=public-read only for stores that need it.
        params: { Bucket: bucket, ACL: env('S3_ACL') || undefined },
      },
    },
    actionOptions: { upload: {}, uploadStream: {}, delete: {} },
  };
};
