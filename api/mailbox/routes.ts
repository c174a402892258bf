import { createRouter } from '../router';

export const mailboxRoutes = createRouter();
