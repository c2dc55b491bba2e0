import { CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { describeMasterUploads } from '../helpers/master-uploads-suite';
import { PRIVATE_BUCKET, type S3Sink, startS3Sink } from '../helpers/s3-sink';

/* Master uploads with masters in S3 (s3rver on loopback): parts go straight to presigned URLs. */

let s3: S3Sink;
let client: S3Client;
afterAll(async () => {
  client?.destroy();
  await s3?.close();
});

describeMasterUploads(
  {
    name: 's3',
    env: () => s3.env(),
    read: async (_app, key) =>
      (await client.send(new GetObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key }))).Body as unknown as AsyncIterable<unknown>,
    exists: async (_app, key) =>
      client.send(new HeadObjectCommand({ Bucket: PRIVATE_BUCKET, Key: key })).then(
        () => true,
        () => false
      ),
    leftovers: async () => s3.pendingUploads(PRIVATE_BUCKET),
    async orphan() {
      // A multipart upload a process started and died before writing its row.
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: PRIVATE_BUCKET, Key: 'masters/orphan/lost.mov' }));
      return {
        backdate: (date) => s3.backdateUpload(PRIVATE_BUCKET, UploadId!, date),
        async gone() {
          const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: PRIVATE_BUCKET, Prefix: 'masters/' }));
          return !(listed.Uploads ?? []).some((upload) => upload.UploadId === UploadId);
        },
      };
    },
  },
  async () => {
    s3 = await startS3Sink();
    client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    return s3.env();
  }
);
