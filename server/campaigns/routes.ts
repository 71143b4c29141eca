import type { AppContext } from '../context.ts';
import { validationError } from '../http/errors.ts';
import { defineRoute, type RouteDef } from '../http/route.ts';
import { createCampaign, planCampaign } from './create.ts';
import { createdCampaignView, csvPreviewView, presentCreated } from './present.ts';
import { previewCsv, previewNeeds } from './preview.ts';
import { createCampaignFields, previewCampaignFields } from './schema.ts';
import { campaignQueryRoutes } from './query-routes.ts';
import { campaignRateRoutes } from './rate-samples.ts';
import { listField, readUpload } from './upload.ts';

export function campaignRoutes(ctx: AppContext): RouteDef[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/campaigns',
      tag: 'campaigns',
      summary: 'Create a campaign from a CSV (multipart: name, numberId, templateIds, scheduledAt?, then file)',
      multipart: createCampaignFields,
      response: createdCampaignView,
      handler: async ({ req, res }) => {
        const { fields, file } = await readUpload(req);
        try {
          const parsed = createCampaignFields.safeParse({
            name: fields.name?.[0],
            numberId: fields.numberId?.[0],
            templateIds: listField(fields.templateIds),
            scheduledAt: fields.scheduledAt?.[0] || undefined,
          });
          if (!parsed.success) throw validationError(parsed.error, 'body');
          const plan = await planCampaign(ctx, req.auth!.workspaceId, req.auth!.id, parsed.data);
          const created = await createCampaign(ctx, plan, file);
          res.status(201);
          return presentCreated(created);
        } finally {
          file.resume(); // let the request finish even when it was refused before reading the file
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/campaigns/preview',
      tag: 'campaigns',
      summary: 'The first rows of a CSV as a campaign would read them (multipart: templateIds?, then file, or only its first KB); stores nothing',
      multipart: previewCampaignFields,
      response: csvPreviewView,
      handler: async ({ req }) => {
        const { fields, file } = await readUpload(req);
        try {
          const parsed = previewCampaignFields.safeParse({ templateIds: listField(fields.templateIds) });
          if (!parsed.success) throw validationError(parsed.error, 'body');
          return await previewCsv(ctx, file, await previewNeeds(ctx, req.auth!.workspaceId, parsed.data.templateIds));
        } finally {
          file.resume();
        }
      },
    }),
    ...campaignQueryRoutes(ctx),
    ...campaignRateRoutes(ctx),
  ];
}
