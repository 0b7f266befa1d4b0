import { healthOut } from '../schemas/health';
import type { RouteModule } from './index';

export const healthRoutes: RouteModule = (add, ctx) => {
  add({
    method: 'GET',
    url: '/health',
    tag: 'health',
    auth: 'public',
    summary: 'Server health: database status, version and uptime',
    responses: { 200: healthOut, 503: healthOut },
    async handler({ reply }) {
      let database: 'healthy' | 'unhealthy' = 'healthy';
      try {
        await ctx.db.ping();
      } catch {
        database = 'unhealthy';
      }
      if (database !== 'healthy') reply.code(503);
      return {
        status: database === 'healthy' ? 'healthy' : 'unhealthy',
        timestamp: new Date().toISOString(),
        version: ctx.config.version,
        services: { database },
        storage: ctx.db.dialect,
        uptime: Math.floor((Date.now() - ctx.startedAt) / 1000),
      };
    },
  });
};
