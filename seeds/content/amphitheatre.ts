/** The six amphitheatre exercises, in rotation order, and their prompt pools per depth tier. */

const reflection = (mode: 'text_or_voice' | 'text_optional' | 'text', label: string) => ({
  blockType: 'reflectionField',
  label,
  mode,
})
const recorder = (seconds: number, label: string) => ({ blockType: 'recorderTile', label, seconds, retakeLimit: 1 })

export const amphitheatreExercises = [
  {
    key: 'stakes_echoes',
    title: 'Find the stakes',
    rotationOrder: 1,
    description: 'Spot which stakes are quietly raising the temperature of a scene.',
    timedDelivery: false,
    hint: { title: 'Today leans clarity', body: 'Map the stakes first, with the Philosopher beside you.' },
    components: [
      {
        blockType: 'tagPicker',
        label: 'Which elements are raising the stakes?',
        maxSelect: 3,
        options: [
          { value: 'pressure', label: 'Pressure', hint: 'A lot rides on the outcome.' },
          { value: 'visibility', label: 'Visibility', hint: 'Many people will see it.' },
          { value: 'irreversibility', label: 'Irreversibility', hint: 'There is no second try.' },
        ],
      },
      reflection('text_or_voice', 'What is one small action that widens your control?'),
    ],
  },
  {
    key: 'voice_to_marble',
    title: 'Voice to the stone',
    rotationOrder: 2,
    description: 'Speak for thirty seconds and listen to how your voice lands in the open air.',
    timedDelivery: true,
    hint: { title: 'Today leans presence', body: 'A gentle voice warm-up sets the tone.' },
    components: [
      recorder(30, 'Hold to speak'),
      { blockType: 'systemNotes', metrics: ['duration', 'pause_count', 'energy_level'] },
      reflection('text_optional', 'What did you notice in your voice?'),
    ],
  },
  {
    key: 'inner_listener',
    title: 'The inner listener',
    rotationOrder: 3,
    description: 'Catch the sentence your inner critic repeats, and write a steadier one.',
    timedDelivery: false,
    hint: { title: 'Today leans awareness', body: 'Listen inward first; the room will notice.' },
    components: [{ blockType: 'promptCard', label: 'Read the scene slowly' }, reflection('text_or_voice', 'What does your inner voice say, and what will you say back?')],
  },
  {
    key: 'control_in_motion',
    title: 'Control in motion',
    rotationOrder: 4,
    description: 'Choose a lever and speak a short priming line that puts it to work.',
    timedDelivery: true,
    hint: { title: 'Today leans agency', body: 'Choose the lever that widens your control.' },
    components: [
      {
        blockType: 'leverPicker',
        label: 'Which lever will you use?',
        options: [
          { value: 'preparation', label: 'Preparation', microPriming: 'Say your first sentence once, slowly, before you need it.' },
          { value: 'presence', label: 'Presence', microPriming: 'Feel your feet, lengthen the out-breath, then speak.' },
          { value: 'perspective', label: 'Perspective', microPriming: 'Name what will still be true next week, whatever happens.' },
        ],
      },
      recorder(30, 'Speak your priming line'),
      reflection('text_optional', 'Where did the lever land in your body?'),
    ],
  },
  {
    key: 'shorter_not_smaller',
    title: 'Shorter, not smaller',
    rotationOrder: 5,
    description: 'Say it in thirty seconds, then one sentence, then three words, keeping the heart of it.',
    timedDelivery: true,
    hint: { title: 'Today leans precision', body: 'Compress without losing heart.' },
    components: [
      {
        blockType: 'compression',
        phases: [
          { key: 'phase_a', mode: 'record', seconds: 30, label: 'The full take' },
          { key: 'phase_b', mode: 'sentence', maxChars: 160, label: 'One sentence' },
          { key: 'phase_c', mode: 'words', maxChars: 32, label: 'Three words' },
        ],
      },
    ],
  },
  {
    key: 'echo_of_truth',
    title: 'The echo of truth',
    rotationOrder: 6,
    description: 'Say one true thing you usually hold back, as an invitation rather than a confession.',
    timedDelivery: true,
    hint: { title: 'Today leans congruence', body: 'Offer the quiet truth as an invitation.' },
    components: [recorder(25, 'Speak the truth'), reflection('text_or_voice', 'How did it feel to say it aloud?')],
  },
]

type Prompt = { exercise: string; key: string; tier: 'alpha' | 'beta' | 'gamma'; headline: string; scenario: string; whyItMatters: string; rotatingPrompt: string }

const p = (exercise: string, key: string, tier: Prompt['tier'], headline: string, scenario: string, whyItMatters: string, rotatingPrompt: string): Prompt => ({
  exercise,
  key,
  tier,
  headline,
  scenario,
  whyItMatters,
  rotatingPrompt,
})

export const amphitheatrePrompts: Prompt[] = [
  p('stakes_echoes', 'stakes-alpha-1', 'alpha', 'A friendly meeting turns', 'Your weekly team meeting suddenly has a director in it, asking about your numbers.', 'Stakes can rise without warning; naming them quickly keeps you steady.', 'Which single element changed when the director walked in?'),
  p('stakes_echoes', 'stakes-alpha-2', 'alpha', 'The all-hands update', 'You give a two-minute update to the whole company on a video call.', 'Visibility alone can make a small update feel big.', 'What would shrink this moment to its real size?'),
  p('stakes_echoes', 'stakes-beta-1', 'beta', 'The investor follow-up', 'An investor calls back with three pointed questions about your forecast.', 'Pressure and irreversibility often arrive together in money conversations.', 'Which question would you most like to have prepared for?'),
  p('stakes_echoes', 'stakes-beta-2', 'beta', 'Facilitating a tense workshop', 'You run a workshop where two departments blame each other.', 'Holding a room is easier when you know what is at stake for each side.', 'What does each side risk losing today?'),
  p('stakes_echoes', 'stakes-gamma-1', 'gamma', 'The public debrief', 'After an incident, you explain what went wrong to customers in a public session.', 'High visibility and no second take: the hardest mix.', 'What is the one sentence you cannot afford to get wrong?'),
  p('stakes_echoes', 'stakes-gamma-2', 'gamma', 'The press question', 'A journalist asks you a hostile question on camera.', 'Irreversibility peaks when a recording exists.', 'What would a calm first breath change here?'),
  p('voice_to_marble', 'voice-alpha-1', 'alpha', 'Rehearsal on the steps', 'Stand on the empty stone steps and introduce yourself to the back row.', 'Projection starts with permission to take up space.', 'Let the last word of each sentence reach the top step.'),
  p('voice_to_marble', 'voice-alpha-2', 'alpha', 'The empty theatre', 'Nobody is watching. Speak your opening line to the empty seats.', 'Practising without an audience builds a baseline you can return to.', 'Slow down by a third and notice what changes.'),
  p('voice_to_marble', 'voice-beta-1', 'beta', 'Noon echo', 'Midday crowds pass by. Speak so one passer-by could follow you.', 'A voice that carries through noise is a voice people trust.', 'Drop your pitch slightly on the key word.'),
  p('voice_to_marble', 'voice-beta-2', 'beta', 'Evening resonance', 'The light is fading. Say the sentence you want remembered from your next talk.', 'Endings stick; practise them on purpose.', 'Pause before the final phrase.'),
  p('voice_to_marble', 'voice-gamma-1', 'gamma', 'Dawn declaration', 'Declare the decision you are asking for as if the whole city were listening.', 'Saying the ask aloud makes it easier to say it for real.', 'Keep your volume steady through the last word.'),
  p('voice_to_marble', 'voice-gamma-2', 'gamma', 'Night watch', 'Speak a closing reflection to a single listener in the dark.', 'Quiet intensity is a skill of its own.', 'Let the pauses do half the work.'),
  p('inner_listener', 'inner-alpha-1', 'alpha', 'The first whisper', 'Just before speaking, a voice says: "they already know more than you."', 'Noticing the critic is the first step to answering it.', 'Write the critic’s sentence exactly as you hear it.'),
  p('inner_listener', 'inner-alpha-2', 'alpha', 'Finding the cue', 'Your chest tightens every time someone senior joins a call.', 'Cues repeat; once you know yours, you can prepare for it.', 'What happens in your body one second before the voice starts?'),
  p('inner_listener', 'inner-beta-1', 'beta', 'Two voices at once', 'You are speaking while a second voice comments on how it is going.', 'You can acknowledge the commentator without handing it the microphone.', 'What would a kind coach say instead?'),
  p('inner_listener', 'inner-beta-2', 'beta', 'Listening while moving', 'You walk to the front of the room and the critic speeds up.', 'Movement is a chance to reset, not to rush.', 'Match one step to one slow breath.'),
  p('inner_listener', 'inner-gamma-1', 'gamma', 'The future mentor', 'Imagine yourself in five years, having done this many times.', 'A future self offers perspective the critic cannot.', 'What does that future you say about today?'),
  p('inner_listener', 'inner-gamma-2', 'gamma', 'From tension to tether', 'The pressure is real and it is not going away before you speak.', 'Tension can anchor you instead of shaking you.', 'Where in your body could the tension hold you steady?'),
  p('control_in_motion', 'control-alpha-1', 'alpha', 'Choose your lever', 'Your meeting starts in five minutes and you feel unprepared.', 'One lever pulled well beats three pulled at once.', 'Which lever can you use in the next five minutes?'),
  p('control_in_motion', 'control-alpha-2', 'alpha', 'The corridor minute', 'You have one minute in the corridor before the room.', 'Short windows are enough for one deliberate action.', 'Speak your priming line while you walk.'),
  p('control_in_motion', 'control-beta-1', 'beta', 'Lever in the wild', 'Halfway through your talk, the projector fails.', 'Control is what you do next, not what already happened.', 'Which lever gets you back to your point?'),
  p('control_in_motion', 'control-beta-2', 'beta', 'A hostile question', 'Someone challenges your data in front of your manager.', 'Presence buys the seconds that preparation fills.', 'Say your first five words slowly.'),
  p('control_in_motion', 'control-gamma-1', 'gamma', 'Hand the lever on', 'Coach a colleague who is about to present for the first time.', 'Teaching a lever is the surest way to own it.', 'What would you tell them to do in the first ten seconds?'),
  p('control_in_motion', 'control-gamma-2', 'gamma', 'Back-to-back moments', 'You have three high-stakes calls in a row.', 'A repeatable reset protects the last call from the first.', 'What will you do in the two minutes between calls?'),
  p('shorter_not_smaller', 'short-alpha-1', 'alpha', 'Full take, sentence, three words', 'Explain your current project to a new colleague.', 'Compression shows you what actually matters.', 'What survives when you only have three words?'),
  p('shorter_not_smaller', 'short-alpha-2', 'alpha', 'The lift pitch', 'You share a lift with the person who decides your budget.', 'Short moments reward people who know their point.', 'Say the ask before the doors open.'),
  p('shorter_not_smaller', 'short-beta-1', 'beta', 'Moments of compression', 'The meeting overran; you get one minute instead of ten.', 'Being ready to cut keeps you from rushing.', 'Which part goes first, and which part never goes?'),
  p('shorter_not_smaller', 'short-beta-2', 'beta', 'The summary slide', 'Your manager asks for the one slide that sums it all up.', 'A single slide forces a single message.', 'Title that slide in three words.'),
  p('shorter_not_smaller', 'short-gamma-1', 'gamma', 'Compression for influence', 'You must persuade a sceptical executive in one sentence.', 'Influence favours the clear over the complete.', 'Which word in your sentence does the persuading?'),
  p('shorter_not_smaller', 'short-gamma-2', 'gamma', 'The headline test', 'A newsletter will quote one line from your talk.', 'The line people repeat is the one you chose on purpose.', 'Write the line you want quoted.'),
  p('echo_of_truth', 'echo-alpha-1', 'alpha', 'Say the true thing', 'There is something about your project you have not said aloud yet.', 'Unspoken truths leak into tone; spoken ones steady it.', 'Say it as an invitation: "Here is what I am seeing…"'),
  p('echo_of_truth', 'echo-alpha-2', 'alpha', 'The honest status', 'Your status update is usually "on track". Today it is not.', 'Early honesty costs less than late surprises.', 'Name the risk and the help you need.'),
  p('echo_of_truth', 'echo-beta-1', 'beta', 'Truth in motion', 'In a negotiation, you realise your offer is weaker than you claimed.', 'Congruence builds trust even when the news is awkward.', 'How would you say it so the other side leans in?'),
  p('echo_of_truth', 'echo-beta-2', 'beta', 'Feedback upward', 'Your manager’s plan has a flaw everyone sees but nobody mentions.', 'Truth offered with care is a gift to the room.', 'Start with what you both want.'),
  p('echo_of_truth', 'echo-gamma-1', 'gamma', 'Truth as invitation', 'You lead a team through a change you did not choose.', 'People follow leaders who name what is hard.', 'Say what you feel, then what you will do.'),
  p('echo_of_truth', 'echo-gamma-2', 'gamma', 'The apology that leads', 'You made a mistake that affected a client.', 'A clean apology is the fastest way back to credibility.', 'Own it in one sentence, then offer the fix.'),
]
