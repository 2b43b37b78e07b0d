import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { widgetPlugin } from './widget/build.js';

const root = import.meta.dirname;
/** A folder of this checkout as a glob that matches it and everything in it (Vite matches deny globs against absolute paths). */
const inside = (folder: string) => {
  const base = `${root}/${folder}`.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
  return [base, `${base}/**`];
};

export default defineConfig({
  plugins: [react(), tailwindcss(), widgetPlugin()],
  resolve: { alias: { '@': `${root}/src` } },
  build: { target: 'es2022', sourcemap: false },
  server: {
    // The development server serves only what the SPA loads: its source, the contracts it shares with the API,
    // public/ and the dependencies. Server code, the database, local data (the embedded database, the
    // development JWT secret) and environment files are refused (403), even through /@fs/.
    fs: {
      strict: true,
      allow: [`${root}/index.html`, `${root}/src`, `${root}/contracts`, `${root}/public`, `${root}/node_modules`],
      deny: [
        '.env',
        '.env.*',
        '*.{crt,pem,key,p12,pfx,cer,der}',
        '.npmrc',
        '**/.git/**',
        ...inside('api'),
        ...inside('db'),
        ...inside('dev'),
        ...inside('.data'),
        ...inside('scripts'),
        ...inside('tests'),
        ...inside('bench'),
      ],
    },
  },
});
