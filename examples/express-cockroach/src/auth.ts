import type { NextFunction, Request, Response } from 'express';

export interface SessionUser {
  id: string;
  role: 'customer' | 'support' | 'admin';
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: SessionUser;
    }
  }
}

/** Set by the session middleware (not shown): 401 without a signed-in user. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (!req.user) {
    res.status(401).json({ error: 'sign in first' });
    return;
  }
  next();
}

/** Support and admin staff only. */
export function requireStaff(req: Request, res: Response, next: NextFunction): void {
  if (!req.user || req.user.role === 'customer') {
    res.status(403).json({ error: 'forbidden' });
    return;
  }
  next();
}
