import type { CollectionConfig } from 'payload'

import { contentAccess, contentVersions } from '../../shared'
import { inputTypes, stakesMapTargets, validateSteps } from './validateSteps'

export const GuidedFlows: CollectionConfig = {
  slug: 'guided-flows',
  access: contentAccess,
  versions: contentVersions,
  admin: {
    group: 'Curriculum',
    useAsTitle: 'title',
    defaultColumns: ['title', 'module', 'version', '_status', 'updatedAt'],
    description: 'The step-by-step guided lesson of a module. A learner session copies the steps when it starts.',
  },
  fields: [
    { name: 'module', type: 'relationship', relationTo: 'modules', required: true, unique: true, index: true },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    {
      name: 'version',
      type: 'text',
      required: true,
      defaultValue: '1.0.0',
      maxLength: 32,
      admin: { position: 'sidebar', description: 'Bump when the steps change meaning; sessions record it.' },
    },
    {
      name: 'steps',
      type: 'array',
      required: true,
      minRows: 1,
      maxRows: 50,
      validate: validateSteps,
      admin: { initCollapsed: true },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'stepId', type: 'text', required: true, maxLength: 64 },
            { name: 'fieldName', type: 'text', maxLength: 128, admin: { description: 'Where the answer is stored.' } },
            {
              name: 'inputType',
              type: 'select',
              required: true,
              defaultValue: 'textarea',
              options: inputTypes.map((t) => ({ label: t, value: t })),
            },
          ],
        },
        { name: 'promptTitle', type: 'text', required: true, maxLength: 300 },
        { name: 'promptBody', type: 'textarea', maxLength: 5000 },
        { name: 'examples', type: 'text', hasMany: true, maxLength: 500, maxRows: 10 },
        {
          name: 'validation',
          type: 'group',
          fields: [
            {
              type: 'row',
              fields: [
                { name: 'required', type: 'checkbox', defaultValue: true },
                { name: 'minLength', type: 'number', min: 0, max: 5000 },
                { name: 'minValue', type: 'number' },
                { name: 'maxValue', type: 'number' },
              ],
            },
          ],
        },
        {
          name: 'options',
          type: 'array',
          maxRows: 20,
          admin: { condition: (_, sibling) => sibling?.inputType === 'select' },
          fields: [
            {
              type: 'row',
              fields: [
                { name: 'value', type: 'text', required: true, maxLength: 64 },
                { name: 'label', type: 'text', required: true, maxLength: 300 },
              ],
            },
          ],
        },
        {
          name: 'helper',
          type: 'group',
          fields: [
            { name: 'title', type: 'text', maxLength: 200 },
            { name: 'bullets', type: 'text', hasMany: true, maxLength: 500, maxRows: 10 },
          ],
        },
        { name: 'icon', type: 'text', maxLength: 64 },
        {
          name: 'stakesMapField',
          type: 'select',
          options: stakesMapTargets.map((t) => ({ label: t, value: t })),
          admin: {
            condition: (_, sibling) => ['text', 'textarea', 'select', 'rating'].includes(sibling?.inputType),
            description:
              'Fills this field of the learner’s stakes map with the answer when the lesson is completed. Pressure points come from 0–5 ratings, the lever from a select of preparation / presence / perspective.',
          },
        },
      ],
    },
  ],
}
