import { z } from 'zod';

export const healthOut = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  timestamp: z.string(),
  version: z.string(),
  services: z.object({ database: z.enum(['healthy', 'unhealthy']) }),
  storage: z.enum(['sqlite', 'postgres']),
  uptime: z.number(),
});
