/**
 * Protocol files (PDF, DOCX) in the site's document library, in one folder. Uploads use
 * `@microsoft.graph.conflictBehavior=fail`, so a finalised or signed version is never
 * overwritten: each version and state gets its own file name, and writing one that exists is
 * refused (https://learn.microsoft.com/graph/api/driveitem-put-content). Simple uploads take up
 * to 250 MB, far more than a protocol.
 */
import type { GraphClient } from './client.js';

export const PROTOCOL_FOLDER = 'Protokoll';

export class ProtocolFileExistsError extends Error {
  constructor(readonly fileName: string) {
    super(`the document library already holds ${PROTOCOL_FOLDER}/${fileName}; a protocol file is never overwritten`);
    this.name = 'ProtocolFileExistsError';
  }
}

export interface StoredFile {
  id: string;
  name: string;
  webUrl: string;
  /** Pre-authenticated, short-lived (about an hour): hand it to a browser instead of …/content. */
  downloadUrl: string | null;
}

/** `lsg-2025-03-12 v2 justerat.pdf`: one name per meeting, version and state. */
export function protocolFileName(meeting: string, version: number, status: 'finalised' | 'signed', format: 'pdf' | 'docx'): string {
  const safe = meeting.replace(/["*:<>?/\\|#%]/g, '-');
  return `${safe} v${version} ${status === 'signed' ? 'justerat' : 'fastställt'}.${format}`;
}

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export class ProtocolLibrary {
  constructor(
    private readonly client: GraphClient,
    private readonly siteId: string,
    readonly folder = PROTOCOL_FOLDER,
  ) {}

  /** Writes a new file; throws ProtocolFileExistsError when the name is taken. */
  async put(name: string, bytes: Buffer, format: 'pdf' | 'docx'): Promise<StoredFile> {
    const answer = await this.client.call({
      method: 'PUT',
      path: `/sites/${this.siteId}/drive/root:/${encodePath(`${this.folder}/${name}`)}:/content?@microsoft.graph.conflictBehavior=fail`,
      content: { bytes, type: CONTENT_TYPES[format] },
    });
    if (answer.status === 409) throw new ProtocolFileExistsError(name);
    if (answer.status !== 201 && answer.status !== 200) throw this.client.error(answer, `uploading ${this.folder}/${name}`);
    return fileOf(answer.body);
  }

  /** The file's links, or null when there is no such file. */
  async find(name: string): Promise<StoredFile | null> {
    const answer = await this.client.call({ method: 'GET', path: `/sites/${this.siteId}/drive/root:/${encodePath(`${this.folder}/${name}`)}` });
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw this.client.error(answer, `reading ${this.folder}/${name}`);
    return fileOf(answer.body);
  }
}

function fileOf(body: Record<string, unknown>): StoredFile {
  return {
    id: String(body.id),
    name: String(body.name),
    webUrl: String(body.webUrl),
    downloadUrl: typeof body['@microsoft.graph.downloadUrl'] === 'string' ? body['@microsoft.graph.downloadUrl'] : null,
  };
}
