import type { Field, GlobalConfig } from 'payload'

import { anyone } from '../src/access/anyone'
import { isEditor } from '../src/access/isEditor'
import { urlValidator } from '../collections/shared'

const cta = (name: string): Field => ({
  name,
  type: 'group',
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'label', type: 'text', maxLength: 80 },
        { name: 'url', type: 'text', maxLength: 2048, validate: urlOrPath },
      ],
    },
  ],
})

/** Call-to-action links: absolute, a path inside the learner app ("/signup"), or mailto:. */
function urlOrPath(value: unknown): true | string {
  if (typeof value === 'string' && (/^\/(?!\/)/.test(value) || /^mailto:[^\s@]+@[^\s@]+$/.test(value))) return true
  return urlValidator(value)
}

/** The public page of the learner app: everything it shows comes from here. */
export const Landing: GlobalConfig = {
  slug: 'landing',
  access: { read: anyone, update: isEditor },
  admin: { group: 'Site' },
  fields: [
    {
      type: 'tabs',
      tabs: [
        {
          name: 'hero',
          fields: [
            { name: 'headline', type: 'text', required: true, maxLength: 200 },
            { name: 'subheadline', type: 'textarea', maxLength: 1000 },
            { name: 'image', type: 'upload', relationTo: 'media' },
            cta('primaryCta'),
            cta('secondaryCta'),
          ],
        },
        {
          label: 'Method',
          fields: [
            {
              name: 'methodSteps',
              type: 'array',
              maxRows: 12,
              fields: [
                { name: 'title', type: 'text', required: true, maxLength: 120 },
                { name: 'body', type: 'textarea', maxLength: 1000 },
                { name: 'icon', type: 'text', maxLength: 64 },
              ],
            },
          ],
        },
        {
          label: 'Pricing',
          fields: [
            {
              name: 'pricingPlans',
              type: 'array',
              maxRows: 6,
              fields: [
                {
                  type: 'row',
                  fields: [
                    { name: 'name', type: 'text', required: true, maxLength: 80 },
                    { name: 'price', type: 'text', required: true, maxLength: 40 },
                    { name: 'period', type: 'text', maxLength: 40 },
                  ],
                },
                { name: 'features', type: 'text', hasMany: true, maxLength: 200, maxRows: 20 },
                { name: 'highlighted', type: 'checkbox', defaultValue: false },
                cta('cta'),
              ],
            },
          ],
        },
        {
          label: 'Testimonials',
          fields: [
            {
              name: 'testimonials',
              type: 'array',
              maxRows: 20,
              fields: [
                { name: 'quote', type: 'textarea', required: true, maxLength: 1000 },
                { name: 'author', type: 'text', required: true, maxLength: 120 },
                { name: 'role', type: 'text', maxLength: 120 },
              ],
            },
          ],
        },
        {
          label: 'FAQ',
          fields: [
            {
              name: 'faq',
              type: 'array',
              maxRows: 40,
              fields: [
                { name: 'question', type: 'text', required: true, maxLength: 300 },
                { name: 'answer', type: 'textarea', required: true, maxLength: 3000 },
              ],
            },
          ],
        },
        {
          name: 'chat',
          label: 'Landing chat',
          fields: [
            {
              name: 'persona',
              type: 'textarea',
              maxLength: 4000,
              admin: { description: 'System prompt of the public landing-page assistant.' },
            },
            {
              name: 'fallbackHints',
              type: 'text',
              hasMany: true,
              maxLength: 300,
              maxRows: 20,
              admin: { description: 'Shown when the AI is unavailable.' },
            },
          ],
        },
      ],
    },
  ],
}
