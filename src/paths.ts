import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (where `payload.config.ts` lives), wherever the process was started. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Where local uploads live (`MEDIA_DIR`, default `media/`); object storage replaces it in production. */
export const mediaDir = (sub: string): string =>
  path.join(process.env.MEDIA_DIR ? path.resolve(process.env.MEDIA_DIR) : path.join(projectRoot, 'media'), sub)
