import fs from 'node:fs';
import path from 'node:path';
import type { TestApp } from '../helpers/app';
import { describeMasterUploads } from '../helpers/master-uploads-suite';

/* Master uploads with masters in the local private folder: parts go to signed URLs of the server. */

const privateDir = (app: TestApp) => path.join(app.dir, 'private-media');
const staging = (app: TestApp) => path.join(privateDir(app), 'uploads-in-progress');

describeMasterUploads(
  {
    name: 'local',
    env: () => ({}),
    read: async (app, key) => fs.createReadStream(path.join(privateDir(app), key)),
    exists: async (app, key) => fs.existsSync(path.join(privateDir(app), key)),
    leftovers: async (app) => (fs.existsSync(staging(app)) ? fs.readdirSync(staging(app)) : []),
    async orphan(app) {
      // A staging folder whose upload row was never written (its process died).
      const folder = path.join(staging(app), '0b7e4c1a-5a1d-4c7e-9d0e-3f2a1b4c5d6e');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `1-${'a'.repeat(32)}.part`), 'x');
      return {
        backdate: (date) => fs.utimesSync(folder, date, date),
        gone: async () => !fs.existsSync(folder),
      };
    },
  },
  async () => ({})
);
