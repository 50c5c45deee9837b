import { cookies } from 'next/headers';
import { prisma } from './prisma';

/** The signed-in user's id, from the session cookie; `null` when signed out or expired. */
export async function currentUserId(): Promise<string | null> {
  const token = (await cookies()).get('session')?.value;
  if (!token) return null;
  const session = await prisma.session.findUnique({ where: { token }, select: { userId: true, expiresAt: true } });
  return session && session.expiresAt > new Date() ? session.userId : null;
}
