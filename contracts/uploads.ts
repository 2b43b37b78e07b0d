// POST /api/workspaces/{wid}/uploads (served by the workspaces function): the first step of an upload. A Vercel
// function takes at most 4.5 MB of body, so the browser asks here where to send a file and then sends it there
// itself: straight to Vercel Blob with a client token, or, without a Blob store (development and tests), to the
// local runtime's store with a signed URL. Either way the file lands at a pathname this endpoint chose, under the
// workspace's own prefix `w/{wid}/`. The rules below are shared with the SPA, which checks a file before asking.
import { z } from 'zod';
import { hasNoNul, NUL_MESSAGE, timestampSchema, workspaceParamsSchema } from './common.js';
import { endpoint } from './endpoint.js';

export const UPLOAD_PURPOSES = ['product-image', 'attachment'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

const MB = 1024 * 1024;
/** The largest file per purpose, in bytes. */
export const UPLOAD_MAX_BYTES: Record<UploadPurpose, number> = { 'product-image': 5 * MB, attachment: 25 * MB };

/** The image types a product image may have (and the only types the local store serves inline). */
export const IMAGE_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif'] as const;

/** How long an upload's token or signed URL stays valid. */
export const UPLOAD_TTL_SECONDS = 10 * 60;

/**
 * Attachments may be of any type except those a browser would run or render as a page: HTML and XML (SVG,
 * XHTML and every `+xml` type carry scripts), scripts and programs.
 */
const BLOCKED_CONTENT_TYPES = new Set([
  'text/html',
  'text/xml',
  'application/xml',
  'text/xsl',
  'application/xslt',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/x-ecmascript',
  'text/javascript',
  'text/ecmascript',
  'text/jscript',
  'text/vbscript',
  'application/hta',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-msi',
  'application/x-ms-installer',
  'application/x-ms-shortcut',
  'application/vnd.microsoft.portable-executable',
  'application/x-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sh',
  'application/x-csh',
  'application/x-shellscript',
  'application/x-bat',
  'application/x-powershell',
  'application/x-httpd-php',
  'application/x-php',
  'application/java-archive',
  'application/x-java-archive',
  'application/vnd.android.package-archive',
  'application/x-apple-diskimage',
]);
const BLOCKED_EXTENSIONS = new Set(
  (
    'html htm xhtml xht shtml mht mhtml svg svgz xml xsl xslt js mjs cjs jsx vbs vbe wsf wsh hta exe dll com scr msi msp pif cpl lnk reg ' +
    'bat cmd ps1 psm1 sh bash csh ksh jar apk app dmg php phtml jsp asp aspx cgi'
  ).split(' '),
);

/** A media type as `type/subtype`, lower case, without parameters. */
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The extension a browser or a desktop would go by: trailing dots and spaces do not count (`page.html.`). */
const extensionOf = (filename: string) => {
  const name = filename.replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
};

export const formatMegabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

export interface UploadCandidate {
  purpose: UploadPurpose;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Why a file may not be uploaded for a purpose (the field and the message), or null when it may. The endpoint
 * refuses with this (422), and the SPA checks a file with it before asking.
 */
export function uploadRefusal({
  purpose,
  filename,
  contentType,
  size,
}: UploadCandidate): { path: 'filename' | 'contentType' | 'size'; message: string } | null {
  const type = contentType.trim().toLowerCase();
  if (purpose === 'product-image') {
    if (!(IMAGE_CONTENT_TYPES as readonly string[]).includes(type)) return { path: 'contentType', message: 'Use a PNG, JPEG, WebP, GIF or AVIF image' };
  } else if (BLOCKED_CONTENT_TYPES.has(type) || type.endsWith('+xml')) {
    return { path: 'contentType', message: 'Web pages, SVG and XML files, scripts and programs cannot be attached' };
  } else if (BLOCKED_EXTENSIONS.has(extensionOf(filename))) {
    return { path: 'filename', message: 'Web pages, SVG and XML files, scripts and programs cannot be attached' };
  }
  const max = UPLOAD_MAX_BYTES[purpose];
  if (size > max) return { path: 'size', message: `${purpose === 'product-image' ? 'An image' : 'A file'} may be at most ${formatMegabytes(max)}` };
  return null;
}

/** A file's name as the user has it: 1-255 characters, no control characters. */
export const fileNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a file name')
  .max(255, 'Use at most 255 characters')
  .refine(hasNoNul, NUL_MESSAGE)
  .refine((name) => !CONTROL.test(name), 'Must not contain control characters');

/** A media type as `type/subtype`, normalised to lower case. */
export const mediaTypeSchema = z.string().trim().toLowerCase().regex(CONTENT_TYPE, 'Use a media type such as image/png');

export const createUploadBodySchema = z
  .strictObject({
    /** The file's name as the user has it; the stored name is a safe version of it. */
    filename: fileNameSchema,
    contentType: mediaTypeSchema,
    size: z
      .number()
      .int('Use a whole number of bytes')
      .min(1, 'The file is empty')
      .max(UPLOAD_MAX_BYTES.attachment, `A file may be at most ${formatMegabytes(UPLOAD_MAX_BYTES.attachment)}`),
    purpose: z.enum(UPLOAD_PURPOSES),
  })
  .superRefine((body, ctx) => {
    const refusal = uploadRefusal(body);
    if (refusal) ctx.addIssue({ code: 'custom', path: [refusal.path], message: refusal.message });
  });
export type CreateUploadBody = z.input<typeof createUploadBodySchema>;

export const UPLOAD_MODES = ['local', 'vercel-blob'] as const;
export type UploadMode = (typeof UPLOAD_MODES)[number];

export const uploadTargetSchema = z.object({
  /** The upload's random id (the pathname's fourth segment). */
  key: z.string(),
  /** 'vercel-blob': `put(pathname, file, { access: 'public', token, contentType })` from `@vercel/blob/client`; 'local': PUT the file to `uploadUrl`. */
  mode: z.enum(UPLOAD_MODES),
  /** Where the file will live: `w/{wid}/{purpose}/{key}/{safe-filename}`. */
  pathname: z.string(),
  /** Local: the same-origin URL to PUT the file to (signed, single pathname); null for Vercel Blob. */
  uploadUrl: z.string().nullable(),
  /** Vercel Blob: the client token (this pathname, content type and size only); null locally. */
  token: z.string().nullable(),
  /** The media type the file must be sent with (the request's, normalised). */
  contentType: z.string(),
  /** Local: the file's final URL; Vercel Blob: null (`put` answers it). */
  publicUrl: z.string().nullable(),
  maxBytes: z.number().int(),
  expiresAt: timestampSchema,
});
export type UploadTarget = z.infer<typeof uploadTargetSchema>;

export const uploadEndpoints = {
  createUpload: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/uploads',
    access: 'agent',
    summary:
      'Start an upload: where and how the browser sends the file (a Vercel Blob client token, or a signed URL of the local store), valid for 10 minutes. ' +
      'Product images: PNG, JPEG, WebP, GIF or AVIF up to 5 MB; attachments: up to 25 MB, no web pages, SVG/XML, scripts or programs',
    params: workspaceParamsSchema,
    body: createUploadBodySchema,
    example: { filename: 'desk-lamp.png', contentType: 'image/png', size: 48_213, purpose: 'product-image' },
    response: uploadTargetSchema,
    status: 201,
  }),
};
