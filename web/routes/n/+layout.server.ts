/** Customers' pages ship no client bundle: they are plain HTML forms that work without JavaScript. */
export const csr = false;
