/** Guided lesson flows. Module A uses every input type; the others are five written steps. */

type Step = {
  stepId: string
  fieldName?: string
  inputType: 'text' | 'textarea' | 'select' | 'rating' | 'confirm' | 'continue' | 'complete'
  promptTitle: string
  promptBody: string
  examples?: string[]
  validation?: { required?: boolean; minLength?: number; minValue?: number; maxValue?: number }
  options?: { value: string; label: string }[]
  helper?: { title: string; bullets: string[] }
  icon?: string
  stakesMapField?: 'situation' | 'pressure' | 'visibility' | 'irreversibility' | 'control' | 'trigger' | 'lever' | 'actionStep'
}

export type FlowSeed = { level: number; module: string; title: string; version: string; steps: Step[] }

const written = (
  fieldName: string,
  promptTitle: string,
  promptBody: string,
  minLength: number,
  examples: [string, string],
  icon: string,
): Step => ({
  stepId: fieldName,
  fieldName,
  inputType: 'textarea',
  promptTitle,
  promptBody,
  examples,
  validation: { required: true, minLength },
  icon,
})

/** A pressure point of the stakes map, rated 0–5 (Module A fills the map from these). */
const pic = (fieldName: string, stakesMapField: Step['stakesMapField'], promptTitle: string, promptBody: string): Step => ({
  stepId: fieldName,
  fieldName,
  inputType: 'rating',
  promptTitle,
  promptBody,
  validation: { required: true, minValue: 0, maxValue: 5 },
  icon: 'gauge',
  stakesMapField,
})

export const guidedFlows: FlowSeed[] = [
  {
    level: 1,
    module: 'A',
    title: 'Map your moment',
    version: '1.2.0',
    steps: [
      {
        stepId: 'welcome',
        inputType: 'continue',
        promptTitle: 'Pick one real moment',
        promptBody: 'For the next few minutes, work on one real conversation or talk that is coming up for you.',
        icon: 'flag',
      },
      {
        stepId: 'moment_title',
        fieldName: 'moment_title',
        inputType: 'text',
        promptTitle: 'Give it a short name',
        promptBody: 'A few words you would use to find it in your calendar.',
        examples: ['Quarterly review with the board', 'Pitch to the new client'],
        validation: { required: true, minLength: 3 },
        icon: 'tag',
      },
      {
        stepId: 'moment_snapshot',
        fieldName: 'moment_snapshot',
        inputType: 'textarea',
        promptTitle: 'What happens in that moment?',
        promptBody: 'Who is there, what do you need to say, and what happens if it goes badly?',
        examples: [
          'I present the budget cut to forty managers, who will take questions straight back to their teams.',
          'I ask my director for a promotion in our one-to-one on Friday.',
        ],
        validation: { required: true, minLength: 35 },
        helper: { title: 'Make it concrete', bullets: ['Name the people', 'Name the ask', 'Name the risk'] },
        icon: 'camera',
        stakesMapField: 'situation',
      },
      {
        stepId: 'stakes_intensity',
        fieldName: 'stakes_intensity',
        inputType: 'select',
        promptTitle: 'How heavy does it feel today?',
        promptBody: 'Pick the word closest to how your body reacts when you think about it.',
        options: [
          { value: 'steady', label: 'Steady' },
          { value: 'elevated', label: 'Elevated' },
          { value: 'spiking', label: 'Spiking' },
        ],
        validation: { required: true },
        icon: 'gauge',
      },
      pic('pic_pressure', 'pressure', 'How much pressure?', 'How much rides on it for you: 0 nothing, 5 everything.'),
      pic('pic_visibility', 'visibility', 'How visible?', 'How many people will see how it goes: 0 nobody, 5 everyone who matters.'),
      pic('pic_irreversibility', 'irreversibility', 'How final?', 'Can it be undone if it goes badly: 0 easily, 5 never.'),
      pic('pic_control', 'control', 'How much is in your hands?', 'How much of the outcome you control: 0 none, 5 all of it.'),
      {
        stepId: 'stakes_trigger',
        fieldName: 'stakes_trigger',
        inputType: 'text',
        promptTitle: 'What sets it off?',
        promptBody: 'The moment your body reacts first: a question, a face, a silence.',
        examples: ['When the CFO asks for the number', 'The first silence after my opening'],
        validation: { required: true, minLength: 3 },
        icon: 'bolt',
        stakesMapField: 'trigger',
      },
      {
        stepId: 'control_lever',
        fieldName: 'control_lever',
        inputType: 'select',
        promptTitle: 'Choose one lever',
        promptBody: 'Which lever will you pull first for this moment?',
        options: [
          { value: 'preparation', label: 'Preparation: rehearse the first minute' },
          { value: 'presence', label: 'Presence: breathe and slow down' },
          { value: 'perspective', label: 'Perspective: shrink the stakes to their real size' },
        ],
        validation: { required: true },
        icon: 'sliders',
        stakesMapField: 'lever',
      },
      {
        stepId: 'action_step',
        fieldName: 'action_step',
        inputType: 'textarea',
        promptTitle: 'Your next step',
        promptBody: 'One thing you will do with your lever before the moment, and when.',
        examples: ['Rehearse the first minute out loud on Thursday evening.', 'Two slow breaths at the door before I walk in.'],
        validation: { required: true, minLength: 15 },
        icon: 'footsteps',
        stakesMapField: 'actionStep',
      },
      {
        stepId: 'confidence_rating',
        fieldName: 'confidence_rating',
        inputType: 'rating',
        promptTitle: 'How ready do you feel now?',
        promptBody: '1 means not at all, 5 means ready to walk in.',
        validation: { required: true, minValue: 1, maxValue: 5 },
        icon: 'star',
      },
      {
        stepId: 'commitment',
        fieldName: 'commitment',
        inputType: 'confirm',
        promptTitle: 'Commit to one action',
        promptBody: 'Will you use your lever once before the moment arrives?',
        validation: { required: true },
        icon: 'check',
      },
      {
        stepId: 'wrap_up',
        inputType: 'complete',
        promptTitle: 'Module complete',
        promptBody: 'Your stakes map is saved. The amphitheatre is now open for practice.',
        icon: 'trophy',
      },
    ],
  },
  {
    level: 1,
    module: 'B',
    title: 'Map the room',
    version: '1.0.0',
    steps: [
      written('stakeholder_snapshot', 'Who is in the room?', 'List the people who will be there and what each of them wants.', 40, ['The CFO wants savings; the product lead wants headcount.', 'Two clients: one budget owner, one technical lead.'], 'users'),
      written('tension_scan', 'Where is the tension?', 'Which two wants pull against each other?', 30, ['Savings now against growth later.', 'Speed against certainty.'], 'bolt'),
      written('ally_move', 'Find one ally', 'Who could nod early, and what would make them do it?', 25, ['Send the product lead the numbers first.', 'Ask the technical lead one question before the meeting.'], 'handshake'),
      written('message_anchor', 'Anchor your message', 'Write the one sentence everyone should remember.', 20, ['We keep the launch date by cutting scope, not people.', 'Two weeks of testing saves two months of fixes.'], 'anchor'),
      written('presence_card', 'Plan your presence', 'How will you stand, breathe and look at the room in the first minute?', 30, ['Feet planted, one slow breath, eyes on the ally first.', 'Pause after the first sentence and look at the decider.'], 'person'),
    ],
  },
  {
    level: 1,
    module: 'C',
    title: 'Build an arc that bends',
    version: '1.0.0',
    steps: [
      written('context_snapshot', 'Set the scene', 'Where will you speak and what could interrupt you?', 35, ['A sales call where the buyer jumps to price.', 'A stand-up where my manager cuts in with questions.'], 'map'),
      written('adapt_goal', 'What must survive?', 'If you only get one minute, what must the room still hear?', 25, ['That the pilot worked.', 'That we need a decision this week.'], 'target'),
      written('story_arc', 'Draft the arc', 'Point, one story, ask: write them in three lines.', 30, ['Point: we are late. Story: the supplier. Ask: approve the second vendor.', 'Point: churn is up. Story: one customer. Ask: fund onboarding.'], 'route'),
      written('adaptive_prompt', 'Prepare a bridge', 'Write the sentence you will use to return after an interruption.', 20, ["That connects to why I'm asking for…", 'Good question, and it is exactly why…'], 'bridge'),
      written('next_move', 'Your next move', 'When will you rehearse the arc aloud, and with whom?', 25, ['Tomorrow at nine with my colleague.', 'Tonight, recorded on my phone.'], 'forward'),
    ],
  },
  {
    level: 1,
    module: 'D',
    title: 'Full rehearsal',
    version: '1.0.0',
    steps: [
      written('mission_snapshot', 'The mission', 'Describe the moment you are rehearsing and what success looks like.', 35, ['The board approves the hire in Thursday’s meeting.', 'The client signs the pilot before the end of the call.'], 'flag'),
      written('decision_line', 'The decision line', 'Write the exact sentence that asks for the decision.', 25, ['Can we agree today to fund the hire?', 'Shall I send the pilot agreement this afternoon?'], 'gavel'),
      written('influence_strategy', 'The strategy', 'How will you move the room from where it is to yes?', 30, ['Start with the cost of waiting, then show the plan.', 'Let the client describe the problem before I show the fix.'], 'chess'),
      written('resistance_plan', 'The resistance', 'What is the strongest objection and your answer?', 25, ['Too expensive: compare with the overtime we already pay.', 'Too risky: the pilot can stop after a month.'], 'shield'),
      written('closing_move', 'The close', 'How will you end, and what will you do right after?', 30, ['Ask, stay silent, then confirm next steps in writing.', 'Summarise in one line, ask, and book the follow-up.'], 'door'),
    ],
  },
  {
    level: 2,
    module: 'A',
    title: 'Map the disagreement',
    version: '1.0.0',
    steps: [
      written('opposition_snapshot', 'Who disagrees?', 'Name the person most likely to push back and what they fear.', 30, ['The finance director fears another overrun.', 'The union rep fears job losses.'], 'users'),
      written('common_ground', 'Common ground', 'What do you and they both want?', 20, ['A product that ships on time.', 'Fewer weekend call-outs.'], 'handshake'),
      written('opening_line', 'Open on common ground', 'Write your first sentence so it starts from what you share.', 20, ['We both want this year to end without surprises.', 'None of us wants another weekend outage.'], 'door'),
    ],
  },
  {
    level: 2,
    module: 'B',
    title: 'Design the ask',
    version: '1.0.0',
    steps: [
      written('ask_draft', 'Draft the ask', 'Write a request the room can answer with yes or no today.', 20, ['Will you approve the budget line today?', 'Can I count on your vote on Tuesday?'], 'question'),
      written('ask_follow_up', 'After the yes', 'What happens in the first hour after they agree?', 20, ['I send the plan and book the kick-off.', 'I confirm in writing and share the timeline.'], 'forward'),
      written('ask_fallback', 'If it is no', 'What smaller yes will you ask for instead?', 20, ['A two-week trial instead of the full budget.', 'A second meeting with the data.'], 'shield'),
    ],
  },
]
