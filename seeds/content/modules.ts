/** Modules of Levels 1 and 2. `venue` names the venue slug the module unlocks. */
export type ModuleSeed = {
  level: number
  code: string
  name: string
  order: number
  xpReward: number
  durationSeconds: number
  description: string
  transcript: string
  venue?: string
}

export const modules: ModuleSeed[] = [
  {
    level: 1,
    code: 'A',
    name: 'What makes a moment high-stakes',
    order: 1,
    xpReward: 100,
    durationSeconds: 540,
    venue: 'harbour-amphitheatre',
    description: 'Name the pressure, visibility and irreversibility in a moment, and find the part of it you still control.',
    transcript:
      '[00:00] Some moments feel heavier than others. Today we take that feeling apart.\n[01:10] Pressure: how much rides on the outcome. Visibility: who is watching. Irreversibility: whether you get a second try.\n[03:40] Most of the weight sits in parts you cannot change. The skill is moving your attention to the parts you can.\n[06:20] Three levers help: preparation before, presence during, perspective around it.',
  },
  {
    level: 1,
    code: 'B',
    name: 'Reading the room',
    order: 2,
    xpReward: 110,
    durationSeconds: 600,
    venue: 'customs-house',
    description: 'Map who is in the room, what each person needs, and how to move one of them before you speak.',
    transcript:
      '[00:00] A room is a set of people, each with a stake.\n[02:00] Before you speak, ask: who decides, who influences, who just listens?\n[05:30] Find one ally and give them a reason to nod early.',
  },
  {
    level: 1,
    code: 'C',
    name: 'Delivery that adapts',
    order: 3,
    xpReward: 110,
    durationSeconds: 570,
    venue: 'fish-market',
    description: 'Keep a clear arc when the room interrupts you, and change pace without losing the thread.',
    transcript:
      '[00:00] Plans meet interruptions. The arc is what survives.\n[02:30] Open with the point, give one story, land on the ask.\n[05:00] When you are interrupted, bridge from what you heard back to your arc.',
  },
  {
    level: 1,
    code: 'D',
    name: 'Putting it together',
    order: 4,
    xpReward: 120,
    durationSeconds: 620,
    description: 'Rehearse one real high-stakes moment from start to finish with everything from Level 1.',
    transcript:
      '[00:00] This module is a full rehearsal.\n[03:00] Name the decision you want, the strategy to reach it, the resistance you expect and how you will close.',
  },
  {
    level: 2,
    code: 'A',
    name: 'Stakeholders who disagree',
    order: 1,
    xpReward: 130,
    durationSeconds: 600,
    venue: 'council-chamber',
    description: 'Prepare for a room where the loudest voice is against you.',
    transcript: '[00:00] Disagreement is information. Map it before you answer it.',
  },
  {
    level: 2,
    code: 'B',
    name: 'Closing with a clear ask',
    order: 2,
    xpReward: 130,
    durationSeconds: 540,
    description: 'End every high-stakes conversation with one specific, answerable request.',
    transcript: '[00:00] A close is a question the room can say yes to today.',
  },
]

/** Level 1 Module A: six knowledge blocks, each with exercises the server can score. */
export const moduleAKnowledgeBlocks = [
  {
    order: 1,
    title: 'Pressure, visibility, irreversibility',
    summary:
      'A moment feels high-stakes when a lot rides on it (pressure), many people see it (visibility) and it cannot easily be undone (irreversibility). Naming which of the three is present is the first step to handling it.',
    tags: ['level1', 'moduleA', 'stakes'],
    exerciseSeeds: ['StakesTagger:A1', 'ScenarioCapture:A2'],
    citations: [{ text: 'SpeakPro coaching notes, Level 1' }],
    exercises: [
      {
        blockType: 'multipleChoice',
        prompt: 'You present a budget cut to the whole company, live, with no chance to revise. Which elements are present?',
        options: [
          { value: 'pressure', label: 'Pressure' },
          { value: 'visibility', label: 'Visibility' },
          { value: 'irreversibility', label: 'Irreversibility' },
        ],
        answerKey: { correct: ['pressure', 'visibility', 'irreversibility'] },
      },
      {
        blockType: 'freeText',
        prompt: 'Describe a moment coming up for you that feels high-stakes, in two or three sentences.',
        minLength: 40,
        guidance: 'Keep it concrete: who is there, what you need to say, what happens next.',
      },
    ],
  },
  {
    order: 2,
    title: 'Shifting control',
    summary:
      'You cannot control the audience or the outcome, but you can control your preparation, your first sentence and your breathing. Moving attention to what you control lowers the felt stakes.',
    tags: ['level1', 'moduleA', 'control'],
    exerciseSeeds: ['ControlRating:B1', 'NextAction:B2'],
    citations: [{ text: 'SpeakPro coaching notes, Level 1' }],
    exercises: [
      {
        blockType: 'singleChoice',
        prompt: 'Which of these is inside your control ten minutes before a board meeting?',
        options: [
          { value: 'mood', label: "The chair's mood" },
          { value: 'opening', label: 'Your first sentence' },
          { value: 'agenda', label: 'Whether the agenda runs late' },
        ],
        answerKey: { correct: 'opening' },
      },
    ],
  },
  {
    order: 3,
    title: 'Reframing the pressure',
    summary:
      'The body reacts to pressure the same way it reacts to excitement. Calling the feeling "ready" instead of "afraid", and slowing the out-breath, changes how the next minute goes.',
    tags: ['level1', 'moduleA', 'reframe'],
    exerciseSeeds: ['MantraPicker:C1', 'BreathDrill:C2'],
    citations: [{ text: 'SpeakPro coaching notes, Level 1' }],
    exercises: [
      {
        blockType: 'ordering',
        prompt: 'Put the reset routine in order.',
        items: [
          { value: 'notice', label: 'Notice the feeling' },
          { value: 'name', label: 'Name it as readiness' },
          { value: 'breathe', label: 'Slow the out-breath' },
          { value: 'speak', label: 'Say your first sentence' },
        ],
        answerKey: { order: ['notice', 'name', 'breathe', 'speak'] },
      },
    ],
  },
  {
    order: 4,
    title: 'Emotional and cognitive load',
    summary:
      'Some moments are heavy because of feelings (fear of judgement), others because of thinking (too much to hold in mind). Each needs a different fix: reassurance for the first, structure for the second.',
    tags: ['level1', 'moduleA', 'load'],
    exerciseSeeds: ['LoadClassifier:D1', 'KeyPoints:D2'],
    citations: [{ text: 'SpeakPro coaching notes, Level 1' }],
    exercises: [
      {
        blockType: 'classify',
        prompt: 'Sort each worry by the kind of load it puts on you.',
        categories: [
          { value: 'emotional', label: 'Emotional' },
          { value: 'cognitive', label: 'Cognitive' },
        ],
        items: [
          { value: 'judged', label: 'They will think I am not ready' },
          { value: 'numbers', label: 'I have to remember twelve figures' },
          { value: 'blank', label: 'I am scared my mind goes blank' },
          { value: 'sequence', label: 'The argument has seven steps' },
        ],
        answerKey: {
          assignments: [
            { item: 'judged', category: 'emotional' },
            { item: 'numbers', category: 'cognitive' },
            { item: 'blank', category: 'emotional' },
            { item: 'sequence', category: 'cognitive' },
          ],
        },
      },
    ],
  },
  {
    order: 5,
    title: 'Three levers: preparation, presence, perspective',
    summary:
      'Preparation works before the moment, presence during it, perspective around it. Pick the one lever that fits the moment rather than pulling all three at once.',
    tags: ['level1', 'moduleA', 'levers'],
    exerciseSeeds: ['LeverSelector:E1', 'PresenceRitual:E2'],
    citations: [{ text: 'SpeakPro coaching notes, Level 1' }],
    exercises: [
      {
        blockType: 'singleChoice',
        prompt: 'Your hands shake as you stand up to speak. Which lever helps most right now?',
        options: [
          { value: 'preparation', label: 'Preparation' },
          { value: 'presence', label: 'Presence' },
          { value: 'perspective', label: 'Perspective' },
        ],
        answerKey: { correct: 'presence' },
      },
    ],
  },
  {
    order: 6,
    title: 'Your stakes map',
    summary:
      'A stakes map puts it all on one page: the situation, how much pressure, visibility and irreversibility it carries, what triggers you, the lever you choose and your next action.',
    tags: ['level1', 'moduleA', 'stakes-map'],
    exerciseSeeds: ['StakesMapBuilder:F1', 'ReflectionRating:F2'],
    citations: [{ text: 'SpeakPro coaching notes, Level 1' }],
    exercises: [
      {
        blockType: 'freeText',
        prompt: 'Write your next action for the moment you described earlier. Start with a verb.',
        minLength: 15,
        guidance: 'Small and specific beats ambitious and vague.',
      },
    ],
  },
]

export const moduleALessons = [
  { order: 1, name: 'Mission loop: first pass', xpReward: 50 },
  ...moduleAKnowledgeBlocks.map((b) => ({ order: b.order + 1, name: `Lesson: ${b.title}`, xpReward: 50 })),
]
