import { charCount } from '../clientJson'

/**
 * The password rules of the original sign-up (Django's four stock validators, spec R3): at
 * least 8 characters, not only digits, not a common password, not close to the username or
 * email. Returns the first problem in words a learner understands, or null.
 */
export function passwordProblem(password: string, identity: { username?: string | null; email?: string | null } = {}): string | null {
  // Characters, not UTF-16 units: six characters of which three are emoji are still six.
  if (charCount(password) < 8) return 'Use at least 8 characters.'
  if (password.length > 128) return 'Use at most 128 characters.'
  if (/^\d+$/.test(password)) return 'Use more than digits.'
  const lower = password.toLowerCase()
  if (commonPasswords.has(lower)) return 'This password is too common.'
  const names = [identity.username, identity.email, identity.email?.split('@')[0]]
  for (const name of names) {
    const other = name?.toLowerCase().trim()
    if (!other || other.length < 3) continue
    if (lower.includes(other) || (other.includes(lower) && lower.length >= 4) || similarity(lower, other) >= 0.7) {
      return 'This password is too close to your username or email.'
    }
  }
  return null
}

/** 1 − edit distance / longer length: 1 for equal strings, 0 for nothing in common. */
function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return 1 - previous[b.length]! / longer
}

/** The most used passwords of public breach lists that are 8 characters or longer. */
const commonPasswords = new Set(
  `password 12345678 123456789 1234567890 qwertyuiop password1 password123 iloveyou princess1 sunshine
  football baseball superman trustno1 welcome1 welcome123 abcdefgh abc12345 abcd1234 qwerty123 qwerty12
  1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx passw0rd p@ssw0rd p@ssword letmein1 letmein123 master123
  whatever dragon123 monkey123 shadow123 michael1 jennifer charlie1 jordan23 liverpool chelsea1 arsenal1
  starwars computer internet changeme changeme1 administrator admin123 admin1234 rootroot secret123
  11111111 00000000 12341234 87654321 88888888 11223344 123123123 987654321 q1w2e3r4 asdfghjk asdfghjkl
  zxcvbnm1 qwertyui 1234qwer qazwsxedc asdf1234 aa123456 a1234567 1234abcd loveyou1 iloveyou1 football1
  baseball1 sunshine1 princess welcome! password! passwort motdepasse contraseña 123qweasd 1qazxsw2
  123456789a qwe12345 googledummy mustang1 harley123 hunter123 ranger123 buster123 soccer123 hockey123
  batman123 freedom1 killer123 pokemon1 minecraft fortnite1 samsung1 iphone123 summer2024 winter2024
  spring2024 autumn2024 summer2025 winter2025 summer2026 winter2026 speakpro speakpro1 speakpro123`.split(/\s+/),
)
