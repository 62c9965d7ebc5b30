// Objects on disk: `<dataDir>/buckets/<bucket>/<sha256(key)>` holds the bytes, `….json` the metadata. Every write
// goes to a temp file first and is renamed into place, under a per-key lock, so readers and concurrent writers
// only ever see one complete version.
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream, promises as fs, WriteStream } from 'node:fs'
import { join } from 'node:path'

export interface ObjectMeta {
  key: string
  size: number
  /** Quoted MD5 hex, as COS answers for a single-part upload. */
  etag: string
  lastModified: string
  contentType: string
  /** Stored headers answered back on GET/HEAD (Cache-Control, Content-Disposition, x-cos-meta-*…). */
  headers: Record<string, string>
}

export interface PendingObject {
  write(chunk: Buffer): Promise<void>
  readonly size: number
  /** Renames the temp file into place; returns the stored metadata. */
  commit(meta: Omit<ObjectMeta, 'size' | 'etag' | 'key'>): Promise<ObjectMeta>
  /** Removes the temp file. Safe to call more than once, and after commit. */
  discard(): Promise<void>
}

export class ObjectStore {
  private readonly locks = new Map<string, Promise<unknown>>()

  constructor(readonly dataDir: string) {}

  private get tempDir(): string {
    return join(this.dataDir, '.tmp')
  }

  /** Creates the folders and removes temp files a crash may have left. */
  async open(buckets: string[]): Promise<void> {
    await fs.rm(this.tempDir, { recursive: true, force: true })
    await fs.mkdir(this.tempDir, { recursive: true })
    for (const bucket of buckets) await fs.mkdir(join(this.dataDir, 'buckets', bucket), { recursive: true })
  }

  objectPath(bucket: string, key: string): string {
    return join(this.dataDir, 'buckets', bucket, createHash('sha256').update(key, 'utf8').digest('hex'))
  }

  async tempFiles(): Promise<string[]> {
    return fs.readdir(this.tempDir)
  }

  async begin(bucket: string, key: string): Promise<PendingObject> {
    const tempPath = join(this.tempDir, randomBytes(12).toString('hex'))
    const out: WriteStream = createWriteStream(tempPath, { flags: 'wx' })
    await new Promise<void>((resolve, reject) => out.once('open', () => resolve()).once('error', reject))
    const md5 = createHash('md5')
    let size = 0
    let closed = false
    const close = () => {
      if (closed) return Promise.resolve()
      closed = true
      return new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
    }
    const store = this
    return {
      get size() {
        return size
      },
      async write(chunk) {
        md5.update(chunk)
        size += chunk.length
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve))
      },
      async commit(partial) {
        await close()
        const meta: ObjectMeta = { ...partial, key, size, etag: `"${md5.digest('hex')}"` }
        const path = store.objectPath(bucket, key)
        await fs.writeFile(tempPath + '.json', JSON.stringify(meta))
        await store.withLock(path, async () => {
          await fs.rename(tempPath + '.json', path + '.json')
          await fs.rename(tempPath, path)
        })
        return meta
      },
      async discard() {
        await close().catch(() => undefined)
        await fs.rm(tempPath, { force: true })
        await fs.rm(tempPath + '.json', { force: true })
      },
    }
  }

  /**
   * Metadata and an open handle to the same version, or undefined if absent. The caller must stream from the
   * handle (`handle.createReadStream`, which closes it) or close it; a writer renaming a new version into place
   * meanwhile doesn't affect it.
   */
  async read(bucket: string, key: string): Promise<{ meta: ObjectMeta; handle: fs.FileHandle } | undefined> {
    const path = this.objectPath(bucket, key)
    return this.withLock(path, async () => {
      const meta = await readMeta(path)
      if (!meta) return undefined
      return { meta, handle: await fs.open(path, 'r') }
    })
  }

  /** The metadata, or undefined if absent; under the lock, so never a version whose bytes aren't in place yet. */
  async stat(bucket: string, key: string): Promise<ObjectMeta | undefined> {
    const path = this.objectPath(bucket, key)
    return this.withLock(path, () => readMeta(path))
  }

  async remove(bucket: string, key: string): Promise<void> {
    const path = this.objectPath(bucket, key)
    await this.withLock(path, async () => {
      await fs.rm(path, { force: true })
      await fs.rm(path + '.json', { force: true })
    })
  }

  private async withLock<T>(name: string, action: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) || Promise.resolve()
    const current = previous.catch(() => undefined).then(action)
    this.locks.set(name, current)
    try {
      return await current
    } finally {
      if (this.locks.get(name) === current) this.locks.delete(name)
    }
  }
}

// Takes no lock: its callers hold the key's lock already, and taking it again would wait on itself.
async function readMeta(objectPath: string): Promise<ObjectMeta | undefined> {
  try {
    return JSON.parse(await fs.readFile(objectPath + '.json', 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
