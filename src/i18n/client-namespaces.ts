/** The message namespaces every public page's client components get (kept small: it ships as JS). */
export const PUBLIC_CLIENT_NAMESPACES = ['Common', 'Survey', 'Errors', 'ErrorPage', 'Location'] as const;
