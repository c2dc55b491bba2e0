import os from 'node:os';
import path from 'node:path';

// Strapi loads `.env` through dotenv when it is first imported. Point it at a file that does not
// exist, so a developer's `.env` (SMTP relay, S3 keys, secrets) never leaks into tests.
process.env.ENV_PATH = path.join(os.tmpdir(), 'newsreel-tests-have-no-dotenv');
process.env.NODE_ENV = 'test';
