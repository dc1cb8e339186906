// Sets <html data-theme> before the first paint (a classic script in <head>): the theme the person chose
// (saved with their other settings) or the system's; follows the system while "system" is chosen.
;(() => {
  const mq = matchMedia('(prefers-color-scheme: dark)')
  const apply = () => {
    let theme
    try {
      theme = JSON.parse(localStorage.getItem('mus2pic.settings') ?? '{}').theme
    } catch {
      theme = undefined
    }
    document.documentElement.dataset.theme =
      theme === 'light' || theme === 'dark' ? theme : mq.matches ? 'dark' : 'light'
    document.dispatchEvent(new Event('mus2pic:theme'))
  }
  apply()
  mq.addEventListener('change', apply)
  document.addEventListener('mus2pic:settings', apply)
})()
