// VULNERABLE — PATCH /api/profile. See route.fixed.ts next to it for the fixed version.
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';
import { currentUserId } from '@/lib/session';

// Pattern 5: the request body written wholesale. A client that sends
// `{ "role": "ADMIN" }` or `{ "passwordHash": "…" }` changes fields it must never touch.
export async function PATCH(request: Request) {
  const userId = await currentUserId();
  if (!userId) return NextResponse.json({ error: 'sign in first' }, { status: 401 });

  const body = await request.json();
  const user = await prisma.user.update({
    where: { id: userId },
    data: body,
    select: { id: true, name: true, bio: true, avatarUrl: true },
  });
  return NextResponse.json(user);
}
