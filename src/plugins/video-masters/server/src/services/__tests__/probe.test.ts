import { factsFrom, UnreadableMediaError } from '../probe';
import { expectedPartSize, partSizeFor } from '../uploads';

const MIB = 1024 * 1024;

describe('factsFrom (ffprobe JSON → our fields)', () => {
  it('reads an interlaced MXF with its audio, and names the container by the file', () => {
    const facts = factsFrom(
      {
        streams: [
          { codec_type: 'video', codec_name: 'mpeg2video', profile: '4:2:2', width: 1920, height: 1080, avg_frame_rate: '25/1', field_order: 'tb' },
          { codec_type: 'audio', codec_name: 'pcm_s24le', channels: 1, sample_rate: '48000' },
          { codec_type: 'audio', codec_name: 'pcm_s24le', channels: 1, sample_rate: '48000' },
          { codec_type: 'data', codec_name: undefined },
        ],
        format: { format_name: 'mxf', duration: '61.440000', bit_rate: '52345678' },
      },
      '.MXF'
    );
    expect(facts).toEqual({
      container: 'mxf',
      codecs: 'mpeg2video, pcm_s24le',
      durationSeconds: 61.44,
      bitrate: 52346,
      width: 1920,
      height: 1080,
      frameRate: 25,
      scanType: 'interlaced',
      videoCodec: 'mpeg2video 4:2:2',
      audioChannels: 1,
      audioSampleRate: 48000,
    });
  });

  it('tells MOV from MP4 among the demuxer names, reads 29.97 fps, ignores cover art, and leaves unknown scan empty', () => {
    const facts = factsFrom(
      {
        streams: [
          { codec_type: 'video', codec_name: 'mjpeg', disposition: { attached_pic: 1 }, width: 300, height: 300 },
          { codec_type: 'video', codec_name: 'prores', profile: 'HQ', width: 3840, height: 2160, avg_frame_rate: '30000/1001', field_order: 'unknown' },
        ],
        format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10' },
      },
      '.mp4'
    );
    expect(facts).toMatchObject({ container: 'mp4', codecs: 'prores', width: 3840, frameRate: 29.97, scanType: null, videoCodec: 'prores HQ', audioChannels: null, bitrate: null });
  });

  it('reads a WAV as audio only', () => {
    const facts = factsFrom({ streams: [{ codec_type: 'audio', codec_name: 'pcm_s16le', channels: 2, sample_rate: '44100' }], format: { format_name: 'wav', duration: '3.5' } }, '.wav');
    expect(facts).toMatchObject({ container: 'wav', width: null, frameRate: null, videoCodec: null, audioChannels: 2, audioSampleRate: 44100, durationSeconds: 3.5 });
  });

  it('refuses a file with neither video nor audio', () => {
    expect(() => factsFrom({ streams: [{ codec_type: 'data' }], format: { format_name: 'mxf' } }, '.mxf')).toThrow(UnreadableMediaError);
  });
});

describe('part sizes', () => {
  it('uses 8 MiB parts, larger ones when 10,000 would not hold the file, and a shorter last part', () => {
    expect(partSizeFor(300 * MIB)).toBe(8 * MIB);
    expect(partSizeFor(50 * 1024 ** 3)).toBe(8 * MIB); // 6 MiB would do; 8 is the floor
    expect(partSizeFor(200 * 1024 ** 3)).toBe(21 * MIB);
    const row = { size: 20 * MIB + 5, partSize: 8 * MIB };
    expect([1, 2, 3].map((part) => expectedPartSize(row, part))).toEqual([8 * MIB, 8 * MIB, 4 * MIB + 5]);
  });
});
