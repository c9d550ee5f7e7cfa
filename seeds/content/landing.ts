export const landing = {
  hero: {
    headline: 'Stay clear when it counts',
    subheadline:
      'SpeakPro is a practice ground for the conversations that matter: board updates, pitches, hard feedback. Short daily drills, real rehearsal, honest feedback.',
    primaryCta: { label: 'Start free', url: '/signup' },
    secondaryCta: { label: 'See how it works', url: '/#method' },
  },
  methodSteps: [
    { title: 'Name the stakes', body: 'Learn what makes a moment feel heavy, and which part of it you control.', icon: 'compass' },
    { title: 'Practise in the world', body: 'Unlock venues across the city map and rehearse with task sheets and feedback.', icon: 'map' },
    { title: 'Prove it', body: 'Record a milestone talk, get a scored rubric, and move on to harder rooms.', icon: 'award' },
  ],
  pricingPlans: [
    {
      name: 'Starter',
      price: '€0',
      period: 'forever',
      features: ['Level 1 curriculum', 'The Harbour Amphitheatre', 'Daily quests'],
      highlighted: false,
      cta: { label: 'Create an account', url: '/signup' },
    },
    {
      name: 'Pro',
      price: '€12',
      period: 'per month',
      features: ['Every level and district', 'AI milestone scoring', 'Coach chat'],
      highlighted: true,
      cta: { label: 'Go Pro', url: '/signup?plan=pro' },
    },
    {
      name: 'Teams',
      price: 'Custom',
      period: 'per seat',
      features: ['Admin console', 'Progress exports', 'Onboarding for your managers'],
      highlighted: false,
      cta: { label: 'Talk to us', url: 'mailto:teams@speakpro.example' },
    },
  ],
  testimonials: [
    { quote: 'Ten minutes a day for three weeks, and my quarterly review was the calmest I have given.', author: 'Priya N.', role: 'Finance lead' },
    { quote: 'The amphitheatre drills are the only warm-up I actually do before sales calls.', author: 'Tom H.', role: 'Account executive' },
  ],
  faq: [
    { question: 'How much time does it take?', answer: 'You choose a daily goal between 5 and 120 minutes; most people pick 10 or 15.' },
    { question: 'Is my audio kept private?', answer: 'Recordings are visible only to you and are used only to score and coach your practice.' },
    { question: 'Do I need a microphone?', answer: 'It helps for the voice drills, but every lesson can also be done in writing.' },
  ],
  chat: {
    persona:
      'You are the SpeakPro guide on the public website. Answer briefly and warmly, in at most three sentences, about what SpeakPro offers and how to start. Never promise outcomes or give medical advice.',
    fallbackHints: [
      'SpeakPro helps you practise high-stakes conversations in short daily sessions.',
      'You can start free with the whole of Level 1.',
      'Create an account to save your progress and unlock venues on the map.',
    ],
  },
}
