// FIXED — GET /api/users of route.ts, with a projection. (Next.js routes only `route.ts`: this
// file stands beside it for comparison; in the app it would replace route.ts.)
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

// Pattern 2, fixed: `select` names the public fields of the member list.
export async function GET() {
  const users = await prisma.user.findMany({
    select: { id: true, name: true, avatarUrl: true },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  return NextResponse.json(users);
}
