// Draws public/favicon.ico (16, 32 and 48 px PNGs in one ICO): a film frame with a play mark.
// Usage: node scripts/make-favicon.js public/favicon.ico
const zlib = require('zlib'); const fs = require('fs');
const crcTable = Array.from({length:256},(_,n)=>{let c=n;for(let k=0;k<8;k++)c=c&1?0xedb88320^(c>>>1):c>>>1;return c>>>0;});
const crc=(b)=>{let c=0xffffffff;for(const x of b)c=crcTable[(c^x)&0xff]^(c>>>8);return (c^0xffffffff)>>>0;};
const chunk=(t,d)=>{const l=Buffer.alloc(4);l.writeUInt32BE(d.length);const td=Buffer.concat([Buffer.from(t),d]);const c=Buffer.alloc(4);c.writeUInt32BE(crc(td));return Buffer.concat([l,td,c]);};
function png(size){
  const rows=[];
  for(let y=0;y<size;y++){const row=[0];for(let x=0;x<size;x++){
    const u=(x+0.5)/size, v=(y+0.5)/size;
    // rounded square
    const r=0.18, dx=Math.max(Math.abs(u-0.5)-(0.5-r),0), dy=Math.max(Math.abs(v-0.5)-(0.5-r),0);
    const inside=Math.hypot(dx,dy)<=r;
    let px=[0,0,0,0];
    if(inside){ px=[0x1d,0x3a,0x5f,255];
      // film perforations: small squares on top and bottom bands
      const band=(v<0.2||v>0.8); if(band && (Math.floor(u*6)%2===1) && Math.abs((v<0.5?0.1:0.9)-v)<0.05) px=[0xf2,0xf4,0xf7,255];
      // play triangle
      const tx=(u-0.36)/0.36, ty=Math.abs(v-0.5)/0.22; if(tx>=0&&tx<=1&&ty<=1-tx) px=[0xf5,0xa6,0x23,255];
    }
    row.push(...px);} rows.push(Buffer.from(row));}
  const ihdr=Buffer.alloc(13);ihdr.writeUInt32BE(size,0);ihdr.writeUInt32BE(size,4);ihdr[8]=8;ihdr[9]=6;ihdr[10]=0;ihdr[11]=0;ihdr[12]=0;
  return Buffer.concat([Buffer.from([137,80,78,71,13,10,26,10]),chunk('IHDR',ihdr),chunk('IDAT',zlib.deflateSync(Buffer.concat(rows))),chunk('IEND',Buffer.alloc(0))]);
}
const sizes=[16,32,48]; const images=sizes.map(png);
const header=Buffer.alloc(6);header.writeUInt16LE(0,0);header.writeUInt16LE(1,2);header.writeUInt16LE(sizes.length,4);
let offset=6+16*sizes.length; const dir=[];
sizes.forEach((s,i)=>{const e=Buffer.alloc(16);e[0]=s;e[1]=s;e[2]=0;e[3]=0;e.writeUInt16LE(1,4);e.writeUInt16LE(32,6);e.writeUInt32LE(images[i].length,8);e.writeUInt32LE(offset,12);offset+=images[i].length;dir.push(e);});
fs.writeFileSync(process.argv[2], Buffer.concat([header,...dir,...images]));

