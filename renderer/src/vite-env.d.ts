// Types Vite supplies to the bundle: CSS and asset imports, import.meta.env.
/// <reference types="vite/client" />
