/** Every ORM / query-builder adapter, in the order their results are merged. */
import { drizzleAdapter } from './drizzle.js';
import { knexAdapter } from './knex.js';
import { kyselyAdapter } from './kysely.js';
import { mikroOrmAdapter } from './mikro-orm.js';
import { mongooseAdapter } from './mongoose.js';
import { objectionAdapter } from './objection.js';
import { prismaAdapter } from './prisma.js';
import { sequelizeAdapter } from './sequelize.js';
import { typeormAdapter } from './typeorm.js';
import type { OrmAdapter } from './types.js';

export type * from './types.js';

export const ADAPTERS: readonly OrmAdapter[] = [
  prismaAdapter,
  typeormAdapter,
  sequelizeAdapter,
  mongooseAdapter,
  drizzleAdapter,
  knexAdapter,
  kyselyAdapter,
  mikroOrmAdapter,
  objectionAdapter,
];
