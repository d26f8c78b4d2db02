// The gallery's upload box: a chosen file is read into the text box, which htmx checks as it changes.

const file = document.getElementById('file');
const source = document.getElementById('source');
const filename = document.getElementById('filename');

if (file && source) {
  file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    if (!f) return;
    if (f.size > 1024 * 1024) {
      source.value = '';
      filename.value = f.name;
      alert('That file is larger than 1 MiB, the limit for a scenario.');
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      source.value = String(reader.result);
      filename.value = f.name;
      // the text box now holds the file: send that, not the file too
      file.value = '';
      if (window.htmx) htmx.trigger(source, 'reaplab:loaded');
    };
    reader.readAsText(f);
  });
}
