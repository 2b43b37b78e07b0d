// Applies the stored colour theme before the first paint (src/lib/theme.ts keeps it applied afterwards): a
// `light` or `dark` class on <html>, none for System. A classic script in <head>, as the CSP refuses inline ones.
(function () {
  try {
    var choice = localStorage.getItem('switchboard:theme');
    if (choice === 'light' || choice === 'dark') {
      document.documentElement.classList.add(choice);
      document.documentElement.style.colorScheme = choice;
    }
  } catch (error) {
    // No storage: the system's theme.
  }
})();
