// Tests read diagnoses and the component's words in both languages: English is a locale pack, registered here as an
// app registers it (README: registerLocale('en', en)).
import { registerLocale } from '../../src/lib/core/messages'
import { en } from '../../src/lib/locale/en'

registerLocale('en', en)
