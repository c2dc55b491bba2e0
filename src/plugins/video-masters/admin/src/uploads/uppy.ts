import AwsS3 from '@uppy/aws-s3';
import Uppy from '@uppy/core';

/** The admin's fetch client (`useFetchClient`), as far as uploads use it. */
export interface Fetcher {
  get<T>(url: string, options?: { signal?: AbortSignal }): Promise<{ data: T }>;
  post<T>(url: string, body?: unknown, options?: { signal?: AbortSignal }): Promise<{ data: T }>;
  del<T>(url: string): Promise<{ data: T }>;
}

export interface StartedUpload {
  uploadId: string;
  partSize: number;
  storage: 's3' | 'local';
}

interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

/**
 * An Uppy instance for one file, with `@uppy/aws-s3` in multipart mode on our routes
 * (DESIGN.md §5 "Master uploads"). The upload was created on the server first, so Uppy slices
 * the file by the server's part size and "restores" that upload: it lists the parts already
 * stored and sends only the others. S3: each part goes to a presigned URL of the private bucket;
 * local storage: to a signed URL of this server. Uppy retries a failed part after 0, 1, 3, 5, 10
 * and 20 seconds, so a short network loss only slows the upload down.
 */
export const createUploader = (fetcher: Fetcher, started: StartedUpload) => {
  const base = `/video-masters/uploads/${started.uploadId}`;
  const uppy = new Uppy({ autoProceed: false, allowMultipleUploadBatches: false });
  uppy.use(AwsS3, {
    shouldUseMultipart: true,
    limit: 4,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
    getChunkSize: () => started.partSize,
    // Never called: the upload exists already (see `restore` below).
    createMultipartUpload: async () => ({ uploadId: started.uploadId, key: started.uploadId }),
    async listParts(_file, { signal }) {
      const { data } = await fetcher.get<{ parts: StoredPart[] }>(base, { signal });
      return data.parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
    },
    async signPart(_file, { partNumber, signal }) {
      const { data } = await fetcher.post<{ url: string }>(`${base}/parts/${partNumber}`, undefined, { signal });
      return { method: 'PUT' as const, url: data.url, headers: { 'Content-Type': 'application/octet-stream' } };
    },
    async completeMultipartUpload(_file, { parts, signal }) {
      await fetcher.post(`${base}/complete`, { parts: parts.map((part) => ({ partNumber: part.PartNumber, etag: part.ETag })) }, { signal });
      return {};
    },
    async abortMultipartUpload() {
      await fetcher.del(base);
    },
  });
  return {
    uppy,
    /** Adds the file as the continuation of the server's upload. */
    add(file: File) {
      const id = uppy.addFile({ name: file.name, type: file.type, data: file, source: 'video-masters' });
      uppy.setFileState(id, { s3Multipart: { uploadId: started.uploadId, key: started.uploadId } } as never);
      return id;
    },
  };
};
