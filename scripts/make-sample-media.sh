#!/usr/bin/env bash
# Generates the small media files of the sample content under database/seed/media/:
# for each story a 3-second test-pattern clip as a broadcast master (960x540, H.264 High 4:2:2
# PCM stereo, .mov) and a web proxy (480x270, H.264 + AAC, .mp4), a poster frame, and a
# portrait card for each person. Needs ffmpeg and ffprobe (Debian: apt-get install ffmpeg).
# The outputs are committed, so neither `npm install` nor CI runs this script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=database/seed/media
mkdir -p "$out"
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf

stories=(cfr-lecture wang-yi heritage-speech stockholm-visit sofia-assembly)
labels=("CFR lecture - New York 2023" "Wang Yi talks - New York 2022" "Heritage Foundation - Washington 2024" "Stockholm visit - 2023" "NATO PA - Sofia 2024")
hues=(0 60 120 180 240)

for i in "${!stories[@]}"; do
  s=${stories[$i]}
  text="drawtext=fontfile=$font:text='${labels[$i]}':fontcolor=white:fontsize=h/14:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h-2*th,drawtext=fontfile=$font:text='%{pts\:hms}':fontcolor=white:fontsize=h/16:x=20:y=20"
  ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=960x540:rate=25:duration=3" \
    -f lavfi -i "sine=frequency=$((440 + i * 110)):sample_rate=48000:duration=3" \
    -vf "hue=h=${hues[$i]},$text" -c:v libx264 -profile:v high422 -pix_fmt yuv422p -crf 34 -g 25 \
    -c:a pcm_s16le -ac 2 -shortest "$out/$s-master.mov"
  ffmpeg -loglevel error -y -i "$out/$s-master.mov" -vf scale=480:270 -c:v libx264 -profile:v main \
    -pix_fmt yuv420p -crf 32 -c:a aac -b:a 64k -movflags +faststart "$out/$s-proxy.mp4"
  ffmpeg -loglevel error -y -ss 1 -i "$out/$s-master.mov" -frames:v 1 -vf scale=960:540 -q:v 6 "$out/$s-poster.jpg"
done

people=(stoltenberg harman wang-yi kristersson glavchev)
initials=(JS JH WY UK DG)
for i in "${!people[@]}"; do
  ffmpeg -loglevel error -y -f lavfi -i "color=c=0x1f3a5f:size=400x400" -frames:v 1 \
    -vf "drawtext=fontfile=$font:text='${initials[$i]}':fontcolor=white:fontsize=160:x=(w-tw)/2:y=(h-th)/2" \
    -q:v 6 "$out/portrait-${people[$i]}.jpg"
done

# No facts file: the seed reads each clip's technical metadata with ffprobe when it loads it.
du -sh "$out"
