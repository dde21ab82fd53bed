/** Vite turns imported stylesheets into linked CSS files. */
declare module '*.css';
