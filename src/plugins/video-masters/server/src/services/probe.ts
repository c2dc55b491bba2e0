import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Core } from '@strapi/strapi';

/** What ffprobe tells about a file, in the fields of our rendition and technical metadata. */
export interface MediaFacts {
  container: string;
  codecs: string;
  durationSeconds: number | null;
  bitrate: number | null;
  width: number | null;
  height: number | null;
  frameRate: number | null;
  scanType: 'progressive' | 'interlaced' | null;
  videoCodec: string | null;
  audioChannels: number | null;
  audioSampleRate: number | null;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  field_order?: string;
  channels?: number;
  sample_rate?: string;
  disposition?: { attached_pic?: number };
}
interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

/** Raised when ffprobe cannot read a file as audio or video; the message is safe to show staff. */
export class UnreadableMediaError extends Error {}

const rate = (fraction?: string): number | null => {
  const [top, bottom] = (fraction ?? '').split('/').map(Number);
  if (!top || !bottom) return null;
  return Math.round((top / bottom) * 1000) / 1000;
};
const number = (value?: string): number | null => (value !== undefined && Number.isFinite(Number(value)) ? Number(value) : null);

/**
 * Turns ffprobe's JSON into our facts. `extension` picks the container among the names ffprobe
 * lists for a demuxer ("mov,mp4,m4a,3gp,3g2,mj2" is one name for both MOV and MP4).
 */
export const factsFrom = (output: ProbeOutput, extension: string): MediaFacts => {
  const streams = (output.streams ?? []).filter((stream) => !stream.disposition?.attached_pic);
  const video = streams.find((stream) => stream.codec_type === 'video');
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  if (!video && !audio) throw new UnreadableMediaError('The file holds no video or audio stream.');
  const names = (output.format?.format_name ?? '').split(',').filter(Boolean);
  const wanted = extension.replace(/^\./, '').toLowerCase();
  const bitRate = number(output.format?.bit_rate);
  const field = video?.field_order;
  return {
    container: names.includes(wanted) ? wanted : names[0] ?? wanted,
    codecs: [...new Set(streams.map((stream) => stream.codec_name).filter(Boolean))].join(', '),
    durationSeconds: number(output.format?.duration),
    bitrate: bitRate === null ? null : Math.round(bitRate / 1000),
    width: video?.width ?? null,
    height: video?.height ?? null,
    frameRate: rate(video?.avg_frame_rate) ?? rate(video?.r_frame_rate),
    scanType: !video || !field || field === 'unknown' ? null : field === 'progressive' ? 'progressive' : 'interlaced',
    videoCodec: video ? [video.codec_name, video.profile].filter(Boolean).join(' ') : null,
    audioChannels: audio?.channels ?? null,
    audioSampleRate: number(audio?.sample_rate),
  };
};

const LABELS: Record<string, string> = { 'broadcast-master': 'Broadcast master', 'web-proxy': 'Web proxy', audio: 'Audio' };

/**
 * The facts in the shape of our components: the rendition's fields (with a label such as
 * "Broadcast master 1920x1080 25i") and the asset's technical metadata of a master.
 */
export const toComponents = (facts: MediaFacts, kind: string, sizeBytes: string) => {
  const picture = facts.width && facts.height ? ` ${facts.width}x${facts.height}` : '';
  const rate = facts.frameRate ? ` ${facts.frameRate}${facts.scanType === 'interlaced' ? 'i' : 'p'}` : '';
  return {
    rendition: {
      label: `${LABELS[kind] ?? kind}${picture}${rate}`.slice(0, 120),
      container: facts.container,
      codecs: facts.codecs,
      width: facts.width,
      height: facts.height,
      bitrate: facts.bitrate,
      durationSeconds: facts.durationSeconds,
      sizeBytes,
    },
    technical: {
      durationSeconds: facts.durationSeconds,
      width: facts.width,
      height: facts.height,
      frameRate: facts.frameRate,
      scanType: facts.scanType,
      videoCodec: facts.videoCodec,
      audioChannels: facts.audioChannels,
      audioSampleRate: facts.audioSampleRate,
      sizeBytes,
    },
  };
};
export type Description = ReturnType<typeof toComponents>;

/** The binary at `override` or inside the installer package (which ships it in its tarball). */
const binary = (override: string | undefined, installer: string): string => {
  if (override) return override;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { path: found } = require(installer) as { path: string };
  try {
    fs.accessSync(found, fs.constants.X_OK);
  } catch {
    // npm can install without running the package's own `chmod u+x` script.
    fs.chmodSync(found, 0o755);
  }
  return found;
};

const run = (file: string, args: string[], timeoutMs: number) =>
  new Promise<{ stdout: string; stderr: string; failed: boolean }>((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ stdout, stderr, failed: Boolean(error) })
    );
  });

/** ffprobe's complaint, without the input's name (a signed URL must never reach a message). */
const complaint = (stderr: string, input: string) =>
  stderr
    .split('\n')
    .map((line) => line.split(input).join('the file').trim())
    .filter(Boolean)
    .pop()
    ?.slice(0, 300) ?? 'no reason given';

/**
 * ffprobe and ffmpeg: technical metadata and a poster frame of a master, read from a local path or
 * a presigned URL (ffmpeg reads ranges over HTTP, so a multi-GB object is not copied first).
 */
const probe = ({ strapi }: { strapi: Core.Strapi }) => ({
  toComponents,

  async facts(input: string, extension: string): Promise<MediaFacts> {
    const ffprobe = binary(process.env.FFPROBE_PATH, '@ffprobe-installer/ffprobe');
    const { stdout, stderr, failed } = await run(
      ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input],
      5 * 60 * 1000
    );
    let output: ProbeOutput | undefined;
    try {
      output = JSON.parse(stdout) as ProbeOutput;
    } catch {
      output = undefined;
    }
    if (failed || !output?.format) {
      strapi.log.warn(`[video-masters] ffprobe could not read a file: ${complaint(stderr, input)}`);
      throw new UnreadableMediaError(`ffprobe could not read this file (${complaint(stderr, input)}).`);
    }
    return factsFrom(output, extension);
  },

  /** Writes a JPEG frame taken `atSeconds` into the video to `target`. */
  async poster(input: string, atSeconds: number, target: string): Promise<void> {
    const ffmpeg = binary(process.env.FFMPEG_PATH, '@ffmpeg-installer/ffmpeg');
    const { stderr, failed } = await run(
      ffmpeg,
      ['-v', 'error', '-y', '-ss', String(atSeconds), '-i', input, '-frames:v', '1', '-vf', "scale='min(1280,iw)':-2", '-q:v', '3', target],
      5 * 60 * 1000
    );
    if (failed) throw new Error(`ffmpeg could not take a poster frame (${complaint(stderr, input)}).`);
  },
});

export type ProbeService = ReturnType<typeof probe>;
export default probe;
