import { createRouter } from '../router';

export const contactImportRoutes = createRouter();
