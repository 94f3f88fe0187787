// Duty form: show the level field only for "Theo cấp" and the committee list only for
// "Danh sách chọn". Without JavaScript every field stays visible and the form works the same.
(function () {
  "use strict";
  var radios = document.querySelectorAll('input[name="targets"]');
  var level = document.getElementById("div_id_target_level");
  var list = document.getElementById("div_id_committees");
  if (!radios.length || !level || !list) return;

  function chosen() {
    for (var i = 0; i < radios.length; i++) {
      if (radios[i].checked) return radios[i].value;
    }
    return "";
  }

  function update() {
    var value = chosen();
    level.hidden = value !== "level";
    list.hidden = value !== "list";
  }

  for (var i = 0; i < radios.length; i++) radios[i].addEventListener("change", update);
  update();
})();
